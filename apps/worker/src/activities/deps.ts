// What every activity module needs: the store, where data lives, which device and backend this worker runs on, prices.
import type { BackendOptions } from '@distillery/ml';
import type { Device, PriceTable } from '@distillery/schemas';
import type { Store } from '@distillery/store';

export interface ActivityDeps {
  store: Store;
  dataDir: string;
  device: Device;
  /** What compute processes pass to `initBackend`: a forced backend (else the best that loads) and its settings. */
  backend: BackendOptions;
  priceTable: PriceTable;
  codeVersion: string;
  /** Observes compute child processes as they start (tests check that cancel kills them). */
  onComputeStart?: (pid: number) => void;
}
