import type * as tf from '@tensorflow/tfjs';
import type { CalibrationState } from './calibration.js';
import { returnForecast, type ReturnForecast } from './distribution.js';
import type { ConformalState } from './intervals.js';
import { nextSigma, VOL_WINDOW, type VolatilityState } from './volatility.js';
import { scaleFeatures, windows, type Samples } from './dataset.js';
import { predictGru, type GruConfig } from './members/gru.js';
import { predictRidge, type RidgeState } from './members/ridge.js';
import type { ScalerState } from './scaler.js';
import type { ModelMetadata } from './types.js';

export const recipeName = (gruUnits: number) => `ens-gru${gruUnits}+ridge-v1`;

/** Everything but the network weights, as plain JSON (ensemble.json). */
export interface EnsembleState {
  recipe: string;
  symbol: string;
  /** Pre-listing cut used in training, re-applied whenever the model sees bars again. */
  listedSince?: string;
  featureNames: string[];
  gru: GruConfig & { targetMean: number; targetStd: number };
  scaler: ScalerState;
  ridge: RidgeState;
  /** `shrink` is recorded (least-squares shrink toward persistence) but the centre comes from the distribution. */
  weights: { gru: number; ridge: number; shrink: number };
  /** P(up) from the standardised signal, fitted on out-of-sample days. */
  calibration: CalibrationState;
  volatility: VolatilityState;
  conformal: ConformalState;
  /** P(up) within this of the base rate: direction "none". */
  directionBand: number;
}

/** A trained (or loaded) ensemble. Call disposeEnsemble when done with it. */
export interface EnsembleModel {
  state: EnsembleState;
  network: tf.LayersModel;
  metadata: ModelMetadata;
}

export interface MemberOutputs {
  gru: number[];
  ridge: number[];
}

/** Each member's predicted next-day log return for the given origins. */
export function memberOutputs(state: EnsembleState, network: tf.LayersModel, samples: Samples, origins: readonly number[]): MemberOutputs {
  const scaled = scaleFeatures(samples.features, state.scaler);
  const g = predictGru(network, state.gru, windows(scaled, origins, state.gru.lookback));
  return {
    gru: Array.from(g, (v) => state.gru.targetMean + state.gru.targetStd * v),
    ridge: origins.map((t) => predictRidge(state.ridge, scaled[t] as number[])),
  };
}

export interface Forecast extends ReturnForecast {
  /** Bar index of the origin (the last bar the forecast may use). */
  origin: number;
}

/** The ensemble's signal (a log return) per origin: w·gru + (1−w)·ridge. */
export function combineSignals(state: EnsembleState, outputs: MemberOutputs): number[] {
  const { gru, ridge } = outputs;
  if (gru.length !== ridge.length) throw new RangeError(`combineSignals: ${gru.length} GRU outputs but ${ridge.length} ridge outputs`);
  return gru.map((g, i) => state.weights.gru * g + state.weights.ridge * ridge[i]!);
}

/** Log returns into each bar (index 0: NaN). */
export function logReturns(bars: Samples['bars']): number[] {
  return bars.map((b, i) => (i ? Math.log(b.close / bars[i - 1]!.close) : Number.NaN));
}

/** Conditional σ of the return after each origin, from returns up to the origin only. */
export function sigmasAt(state: EnsembleState, samples: Samples, origins: readonly number[]): number[] {
  const returns = logReturns(samples.bars);
  return origins.map((t) => nextSigma(state.volatility, returns.slice(Math.max(1, t + 1 - VOL_WINDOW), t + 1)));
}

export function forecast(model: EnsembleModel, samples: Samples, origins: readonly number[]): Forecast[] {
  const signals = combineSignals(model.state, memberOutputs(model.state, model.network, samples, origins));
  const sigmas = sigmasAt(model.state, samples, origins);
  if (signals.length !== origins.length) throw new RangeError(`forecast: ${signals.length} signals for ${origins.length} origins`);
  // signals, sigmas and origins are parallel (one per origin), so index i is in range.
  return signals.map((signal, i) => ({ ...returnForecast(model.state, signal, sigmas[i]!), origin: origins[i]! }));
}

/**
 * Validation-fitted weights: the convex weight minimising squared error (grid of 0.05), then a
 * shrink factor in [0, 1] toward a zero return (persistence), also least squares.
 */
export function fitWeights(outputs: MemberOutputs, actual: readonly number[]): { gru: number; ridge: number; shrink: number } {
  if (outputs.gru.length < actual.length || outputs.ridge.length < actual.length) {
    throw new RangeError(`fitWeights: ${actual.length} actual values but ${outputs.gru.length} GRU and ${outputs.ridge.length} ridge outputs`);
  }
  // Indices below are in range by the check above (numeric loop: `!`, no per-element checks).
  let bestW = 0;
  let bestErr = Number.POSITIVE_INFINITY;
  for (let k = 0; k <= 20; k++) {
    const w = k / 20;
    let err = 0;
    for (let i = 0; i < actual.length; i++) err += (w * outputs.gru[i]! + (1 - w) * outputs.ridge[i]! - actual[i]!) ** 2;
    if (err < bestErr - 1e-15) {
      bestErr = err;
      bestW = w;
    }
  }
  let py = 0;
  let pp = 0;
  for (let i = 0; i < actual.length; i++) {
    const p = bestW * outputs.gru[i]! + (1 - bestW) * outputs.ridge[i]!;
    py += p * actual[i]!;
    pp += p * p;
  }
  const shrink = pp > 0 ? Math.min(1, Math.max(0, py / pp)) : 0;
  return { gru: bestW, ridge: 1 - bestW, shrink };
}

export function disposeEnsemble(model: EnsembleModel): void {
  model.network.dispose();
}
