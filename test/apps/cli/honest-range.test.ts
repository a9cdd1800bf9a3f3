/** The days `stockflow evaluate` scores by default: never a day the served model was fitted on. */
import { describe, expect, it } from 'vitest';
import { honestRange } from '../../../apps/cli/lib/honest-range.js';
import type { FitRecord, ModelMetadata } from '../../../domain/engine/types.js';

const fit = (trainTo: string, barsTo: string): FitRecord => ({
  bars: { from: '2020-01-02', to: barsTo, n: 1000 }, train: { from: '2020-03-02', to: trainTo, n: 900 }, validation: null,
  calibratedOn: { from: '2024-01-02', to: '2025-06-27', n: 100 }, epochs: 5, volatility: 'ewma',
});
const metadata = (served: FitRecord | null) => ({
  dataRange: { evaluation: { from: '2025-05-01', to: '2025-06-30', n: 41 } },
  fits: { evaluated: fit('2025-03-31', '2025-04-30'), served },
}) as unknown as Pick<ModelMetadata, 'dataRange' | 'fits'>;

describe('honestRange', () => {
  it('is the holdout when the evaluated fit is the one served', () => {
    expect(honestRange(metadata(null))).toEqual({ kind: 'holdout', from: '2025-05-01', to: '2025-06-30' });
  });

  it('starts the day after the last bar a served refit saw', () => {
    expect(honestRange(metadata(fit('2025-06-27', '2025-06-30')))).toEqual({ kind: 'since-training', from: '2025-07-01', dataEnd: '2025-06-30' });
    expect(honestRange(metadata(fit('2025-12-31', '2025-12-30')))).toEqual({ kind: 'since-training', from: '2026-01-01', dataEnd: '2025-12-31' });
  });
});
