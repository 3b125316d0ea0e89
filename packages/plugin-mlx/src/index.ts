/**
 * MLX model provider for Apple silicon: a Python worker bridge (newline-delimited JSON over
 * stdio) running `mlx_lm` and `mlx-embeddings`, or an `mlx_lm.server` endpoint.
 *
 * @packageDocumentation
 */
export { createMlxProvider, type CreateMlxProviderOptions } from './provider/createMlxProvider.js';
export type { MlxEmbeddingOptions } from './provider/MlxWorkerProvider.js';
export {
  createPythonWorkerBridge,
  type CreatePythonWorkerBridgeOptions,
  type PythonWorkerBridge,
  type PythonWorkerRequestOptions,
  type PythonWorkerLogEntry,
} from './bridge/PythonWorkerBridge.js';
export { MlxError } from './errors/MlxError.js';
export { mlxErrorCatalogue, type MlxErrorCode } from './errors/mlxErrorCatalogue.js';
export { mlxPlugin, mlxPluginOptions } from './plugin/mlxPlugin.js';
