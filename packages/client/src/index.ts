// Typed client for the Distillery API and helpers shared by the CLI and the console.
export { TRPC_PATH } from '@distillery/schemas';
export {
  createDistilleryClient,
  type DistilleryClient,
  type DistilleryClientOptions,
  type RouterInputs,
  type RouterOutputs,
} from './client.js';
export { waitForJob, type WaitOptions } from './wait.js';
export { fieldErrorsOf, describeError } from './errors.js';
export { uploadDataset, UploadRefusedError, type UploadDatasetOptions } from './upload.js';
