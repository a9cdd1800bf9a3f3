import type * as tf from '@tensorflow/tfjs';
import type { CalibrationState } from './calibration.js';
import { confidenceFor } from './calibration.js';
import { isUp } from './baselines.js';
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
  weights: { gru: number; ridge: number; shrink: number };
  calibration: CalibrationState;
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

export interface Forecast {
  /** Bar index of the origin (the last bar the forecast may use). */
  origin: number;
  /** Ensemble log return; its sign is the direction. */
  signal: number;
  /** Log return used for the forecast close (signal shrunk toward persistence). */
  predictedReturn: number;
  direction: 'up' | 'down';
  confidence: number;
}

export function combine(state: EnsembleState, outputs: MemberOutputs): Omit<Forecast, 'origin'>[] {
  return outputs.gru.map((g, i) => {
    const signal = state.weights.gru * g + state.weights.ridge * outputs.ridge[i]!; // one output per sample from each member
    return {
      signal,
      predictedReturn: state.weights.shrink * signal,
      direction: isUp(signal) ? 'up' : 'down',
      confidence: confidenceFor(state.calibration, signal),
    };
  });
}

export function forecast(model: EnsembleModel, samples: Samples, origins: readonly number[]): Forecast[] {
  return combine(model.state, memberOutputs(model.state, model.network, samples, origins)).map((f, i) => ({ ...f, origin: origins[i]! })); // one forecast per origin
}

/**
 * Validation-fitted weights: the convex weight minimising squared error (grid of 0.05), then a
 * shrink factor in [0, 1] toward a zero return (persistence), also least squares.
 */
export function fitWeights(outputs: MemberOutputs, actual: readonly number[]): { gru: number; ridge: number; shrink: number } {
  // Hot loops below: i < actual.length, and each member has one output per validation sample.
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
