export { ModelRegistry, type ModelRegistryOptions, type PromotionVerdict } from './registry.js';
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
