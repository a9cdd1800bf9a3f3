/**
 * The ensemble: its state (ensemble.json), its fitted members (members/member.ts), each member's
 * output per origin, their validation-fitted combination `shrink·Σ wₖ·memberₖ` (weights on a grid
 * over the simplex), and the forecast per origin from the combined signal and σ.
 */
import type { CalibrationState } from './calibration.js';
import { returnForecast, type ReturnForecast } from './distribution.js';
import type { ConformalState } from './intervals.js';
import { nextSigma, VOL_WINDOW, type VolatilityState } from './volatility.js';
import { scaleFeatures, type Samples } from './dataset.js';
import type { ModelHyperOptions } from './hyper.js';
import type { GruState } from './members/gru-member.js';
import type { FittedMember, MemberKind } from './members/member.js';
import type { RidgeState } from './members/ridge.js';
import type { ScalerState } from './scaler.js';
import type { ModelMetadata } from './types.js';

/** `ens-gru16+ridge-v1` for the default members: each kind's part, in member order. */
export const recipeName = (kinds: readonly MemberKind[], hyper: ModelHyperOptions) => `ens-${kinds.map((k) => k.recipePart(hyper)).join('+')}-v1`;

/** Each member's weight in the combined signal (keys: member kinds, in combination order) and the recorded shrink. */
export type MemberWeights = Record<string, number> & { shrink: number };

/**
 * Everything but the members' files, as plain JSON (ensemble.json). Each member's state sits
 * under its kind's name (`gru`, `ridge`, or a registered kind's); the members are the keys of
 * `weights` except `shrink`, in order.
 */
export interface EnsembleState {
  recipe: string;
  symbol: string;
  /** Pre-listing cut used in training, re-applied whenever the model sees bars again. */
  listedSince?: string;
  featureNames: string[];
  /** The built-in members' states (present when the ensemble has them). */
  gru?: GruState;
  ridge?: RidgeState;
  scaler: ScalerState;
  /** `shrink` is recorded (least-squares shrink toward persistence) but the centre comes from the distribution. */
  weights: MemberWeights;
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
  /** In the order of `state.weights`. */
  members: FittedMember[];
  metadata: ModelMetadata;
}

/** One member's predicted next-day log returns at the given origins. */
export interface MemberOutput {
  kind: string;
  values: number[];
}

/** Sessions of history one forecast needs beyond the feature warm-up: the longest member input. */
export const ensembleLookback = (members: readonly FittedMember[]) => Math.max(1, ...members.map((m) => m.lookback));

/** Each member's predicted next-day log return for the given origins. */
export function memberOutputs(model: Pick<EnsembleModel, 'state' | 'members'>, samples: Samples, origins: readonly number[]): MemberOutput[] {
  const scaled = scaleFeatures(samples.features, model.state.scaler);
  return model.members.map((m) => ({ kind: m.kind, values: m.predict(scaled, origins) }));
}

export interface Forecast extends ReturnForecast {
  /** Bar index of the origin (the last bar the forecast may use). */
  origin: number;
}

/** The ensemble's signal (a log return) per origin: Σ wₖ·memberₖ, in member order. */
export function combineSignals(state: EnsembleState, outputs: readonly MemberOutput[]): number[] {
  const [first, ...rest] = outputs;
  if (!first) throw new RangeError('combineSignals: no member outputs');
  for (const o of rest) {
    if (o.values.length !== first.values.length) throw new RangeError(`combineSignals: ${first.values.length} ${first.kind} outputs but ${o.values.length} ${o.kind} outputs`);
  }
  const weightOf = (kind: string) => {
    const w = state.weights[kind];
    if (w === undefined) throw new RangeError(`combineSignals: the ensemble has no weight for member "${kind}"`);
    return w;
  };
  const w0 = weightOf(first.kind);
  const ws = rest.map((o) => weightOf(o.kind));
  // Parallel arrays of equal length (checked above).
  return first.values.map((v, i) => {
    let s = w0 * v;
    for (let k = 0; k < rest.length; k++) s += ws[k]! * rest[k]!.values[i]!;
    return s;
  });
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

export function forecast(model: Pick<EnsembleModel, 'state' | 'members'>, samples: Samples, origins: readonly number[]): Forecast[] {
  const signals = combineSignals(model.state, memberOutputs(model, samples, origins));
  const sigmas = sigmasAt(model.state, samples, origins);
  if (signals.length !== origins.length) throw new RangeError(`forecast: ${signals.length} signals for ${origins.length} origins`);
  // signals, sigmas and origins are parallel (one per origin), so index i is in range.
  return signals.map((signal, i) => ({ ...returnForecast(model.state, signal, sigmas[i]!), origin: origins[i]! }));
}

/**
 * Validation-fitted weights: the convex combination minimising squared error (weights on a grid
 * of 0.05 over the simplex, the last member taking 1 − the others; first best kept), then a shrink
 * factor in [0, 1] toward a zero return (persistence), also least squares.
 */
export function fitWeights(outputs: readonly MemberOutput[], actual: readonly number[]): MemberWeights {
  if (outputs.length === 0) throw new RangeError('fitWeights: no member outputs');
  for (const o of outputs) {
    if (o.values.length < actual.length) throw new RangeError(`fitWeights: ${actual.length} actual values but ${o.values.length} ${o.kind} outputs`);
  }
  // Indices below are in range by the check above (numeric loops: `!`, no per-element checks).
  const combined = (w: readonly number[], i: number) => {
    let p = w[0]! * outputs[0]!.values[i]!;
    for (let k = 1; k < outputs.length; k++) p += w[k]! * outputs[k]!.values[i]!;
    return p;
  };
  let best: number[] = [];
  let bestErr = Number.POSITIVE_INFINITY;
  for (const w of simplexGrid(outputs.length, 20)) {
    let err = 0;
    for (let i = 0; i < actual.length; i++) err += (combined(w, i) - actual[i]!) ** 2;
    if (err < bestErr - 1e-15) {
      bestErr = err;
      best = w;
    }
  }
  let py = 0;
  let pp = 0;
  for (let i = 0; i < actual.length; i++) {
    const p = combined(best, i);
    py += p * actual[i]!;
    pp += p * p;
  }
  const shrink = pp > 0 ? Math.min(1, Math.max(0, py / pp)) : 0;
  const weights: Record<string, number> = {};
  outputs.forEach((o, k) => (weights[o.kind] = best[k]!));
  return { ...weights, shrink };
}

/**
 * Weight vectors for `n` members on a grid of 1/steps: every member but the last takes k/steps
 * (k ascending, earlier members varying slowest), the last 1 − their sum.
 */
function* simplexGrid(n: number, steps: number, prefix: number[] = [], used = 0): Generator<number[]> {
  if (prefix.length === n - 1) {
    yield [...prefix, 1 - prefix.reduce((s, w) => s + w, 0)];
    return;
  }
  for (let k = 0; k <= steps - used; k++) yield* simplexGrid(n, steps, [...prefix, k / steps], used + k);
}

export function disposeEnsemble(model: Pick<EnsembleModel, 'members'>): void {
  for (const m of model.members) m.dispose();
}
