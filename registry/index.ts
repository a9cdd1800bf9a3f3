export { ModelRegistry, type ModelRegistryOptions, type PromotionVerdict } from './registry';
export {
  decidePromotion,
  DEFAULT_PROMOTION_MARGINS,
  type BaselineScores,
  type GateScores,
  type PromotionComparison,
  type PromotionDecision,
  type PromotionInput,
  type PromotionMargins,
} from './promotion-gate';
export { InvalidModelArtifactError, ModelNotFoundError, PromotionMismatchError } from './errors';
export { RegistryBusyError, withSymbolLock, type LockOptions } from './lock';
export type { AuditLog } from './audit';
export type { CleanupOptions, PruneOptions } from './retention';
export type { RegistryFs } from './fs-ops';
export type * from './types';
