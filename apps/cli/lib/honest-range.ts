/**
 * The sessions `stockflow evaluate` scores when no range is given: the ones the model never saw.
 * A model served as trained (no refit) is scored on its holdout (`dataRange.evaluation`); a
 * served refit has seen every bar up to `fits.served.bars.to`, so only the sessions after that
 * are honest — and when there are none yet, the holdout scores recorded at training (of the fit
 * evaluated before the refit) are the honest answer.
 */
import { addDays } from '../../../common/iso-date.js';
import type { ModelMetadata } from '../../../domain/engine/types.js';

export type HonestRange =
  | { kind: 'holdout'; from: string; to: string }
  | { kind: 'since-training'; from: string; dataEnd: string };

export function honestRange(metadata: Pick<ModelMetadata, 'dataRange' | 'fits'>): HonestRange {
  const served = metadata.fits?.served;
  if (!served) return { kind: 'holdout', from: metadata.dataRange.evaluation.from, to: metadata.dataRange.evaluation.to };
  const seenUntil = served.bars.to > served.train.to ? served.bars.to : served.train.to;
  return { kind: 'since-training', from: addDays(seenUntil, 1), dataEnd: seenUntil };
}
