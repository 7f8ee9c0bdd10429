import * as tf from '@tensorflow/tfjs';
import { registerNativeBackend } from '@distillery/ml-native';
import { buildModel } from './native/models.js';
registerNativeBackend(); await tf.setBackend('native');
const model = buildModel((process.argv[2] ?? 'char-transformer') as never, 'fused');
model.step();
const by = new Map<string, { ms: number; calls: number }>();
const watch = new Set((process.argv[3] ?? 'Multiply,Add,Erf,Exp,Tile,GatherV2,RealDiv,Sub,Sum,Softmax,Transpose,BatchMatMul,_FusedMatMul,FusedBatchNorm,Mean,Square').split(','));
for (const config of tf.getKernelsForBackend('native')) {
  if (!watch.has(config.kernelName)) continue;
  const inner = config.kernelFunc;
  tf.unregisterKernel(config.kernelName, 'native');
  tf.registerKernel({ ...config, kernelFunc: (params) => {
    const t = performance.now(); const r = inner(params); const ms = performance.now() - t;
    const ins = Object.values(params.inputs).filter((x) => x != null).map((x) => (x as tf.TensorInfo).shape.join('x') + ':' + (x as tf.TensorInfo).dtype).join(' ');
    const key = `${config.kernelName} ${ins} ${JSON.stringify(params.attrs ?? {}).slice(0, 80)}`;
    const e = by.get(key) ?? { ms: 0, calls: 0 }; e.ms += ms; e.calls++; by.set(key, e); return r; } });
}
model.step();
for (const [k, e] of [...by.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 45)) console.log(e.ms.toFixed(1).padStart(8), String(e.calls).padStart(4), k);
