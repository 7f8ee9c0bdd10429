// What every activity module needs: the store, where data lives, which device and backend this worker runs on, prices.
import type { Backend, Device, PriceTable } from '@distillery/schemas';
import type { Store } from '@distillery/store';

export interface ActivityDeps {
  store: Store;
  dataDir: string;
  device: Device;
  /** Forces an ml backend in compute processes; null picks the best that loads. */
  backend: Backend | null;
  priceTable: PriceTable;
  codeVersion: string;
  /** Observes compute child processes as they start (tests check that cancel kills them). */
  onComputeStart?: (pid: number) => void;
}
