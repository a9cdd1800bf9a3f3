/**
 * The ridge member behind the `MemberKind` interface: closed-form ridge on the origin day's scaled
 * feature row, λ chosen by validation squared error (a refit keeps the evaluated fit's λ). No
 * files: its state (`RidgeState`) is all it needs.
 */
import { rowAt, type FitData } from '../training-data.js';
import type { FittedMember, MemberKind } from './member.js';
import { fitRidge, predictRidge, type RidgeState } from './ridge.js';

export const ridgeMember: MemberKind = {
  name: 'ridge',
  files: [],
  recipePart: () => 'ridge',
  async fit(data, o) {
    const lambdas = o.selected === undefined ? o.hyper.ridgeLambdas : [(o.selected as RidgeState).lambda];
    return { member: fittedRidge(fitBestRidge(data, lambdas)) };
  },
  problems(state, features) {
    const s = state as Partial<RidgeState> | undefined;
    const problems: string[] = [];
    if (!Array.isArray(s?.coef) || s.coef.length !== features || !s.coef.every(Number.isFinite)) problems.push('ridge.coef');
    if (!Number.isFinite(s?.intercept)) problems.push('ridge.intercept');
    return problems;
  },
  load: async (state) => fittedRidge(state as RidgeState),
};

function fittedRidge(state: RidgeState): FittedMember {
  return {
    kind: 'ridge',
    state,
    lookback: 1,
    predict: (scaled, origins) => origins.map((t) => predictRidge(state, rowAt(scaled, t))),
    save: async () => ({}),
    dispose: () => undefined,
  };
}

/** Ridge on the training origins' rows; λ by squared error on the validation origins (the training ones in a refit). */
function fitBestRidge(data: FitData, lambdas: readonly number[]): RidgeState {
  const x = data.trainO.map((t) => rowAt(data.scaled, t));
  const valO = data.valO ?? data.trainO;
  const yVal = data.yVal ?? data.yTrain;
  let best: RidgeState | undefined;
  let bestErr = Number.POSITIVE_INFINITY;
  for (const lambda of lambdas) {
    const m = fitRidge(x, data.yTrain, lambda);
    const err = valO.reduce((s, t, i) => s + (predictRidge(m, rowAt(data.scaled, t)) - yVal[i]!) ** 2, 0); // yVal parallels valO
    if (err < bestErr) {
      bestErr = err;
      best = m;
    }
  }
  if (!best) throw new RangeError('ridgeLambdas must not be empty');
  return best;
}
