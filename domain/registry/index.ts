export {
  ModelRegistry, type FileModelRegistryOptions, type ModelRegistryOptions, type PromotionVerdict, type StorageModelRegistryOptions,
} from './registry.js';
export { FileRegistryStorage, type FileRegistryStorageOptions } from './file-storage.js';
export type { RegistryStorage, SealVersion, StoredBackup, StoredDocument, StoredFiles } from './storage.js';
export {
  decidePromotion,
  DEFAULT_PROMOTION_MARGINS,
  type BaselineScores,
  type GateScores,
  type PromotionComparison,
  type PromotionDecision,
  type PromotionInput,
  type PromotionMargins,
} from './promotion-gate.js';
export { InvalidModelArtifactError, ModelNotFoundError, PromotionMismatchError } from './errors.js';
export { RegistryBusyError, withSymbolLock, type LockOptions } from './lock.js';
export type { AuditLog } from './audit.js';
export type { CleanupOptions, PruneOptions } from './retention.js';
export type { RegistryFs } from './fs-ops.js';
export type * from './types.js';
