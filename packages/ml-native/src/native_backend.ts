// The `native` backend object: tfjs's MathBackendCPU with a pool that recycles the buffers of freed kernel outputs.
import type * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { Float32Pool, type PoolStats } from './buffer_pool.js';

type BackendValues = Parameters<MathBackendCPU['write']>[0];
type DataId = ReturnType<MathBackendCPU['write']>;

export class NativeBackend extends MathBackendCPU {
  readonly pool: Float32Pool;

  constructor(poolCapacityBytes?: number) {
    super();
    this.pool = new Float32Pool(poolCapacityBytes);
  }

  override write(values: BackendValues, shape: number[], dtype: tf.DataType): DataId {
    this.pool.registered(values);
    return super.write(values, shape, dtype);
  }

  override move(dataId: DataId, values: BackendValues, shape: number[], dtype: tf.DataType, refCount: number): void {
    this.pool.registered(values);
    super.move(dataId, values, shape, dtype, refCount);
  }

  override readSync(dataId: DataId): BackendValues {
    const values = super.readSync(dataId); // the stored array itself (tfjs copies nothing)
    this.pool.exposed(values);
    return values;
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.get(dataId)?.values;
    const freed = super.disposeData(dataId, force);
    if (freed && values !== undefined && !this.data.has(dataId)) this.pool.released(values);
    return freed;
  }

  override dispose(): void {
    this.pool.clear();
    super.dispose();
  }

  poolStats(): PoolStats {
    return this.pool.stats();
  }
}
