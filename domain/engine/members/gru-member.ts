/**
 * The GRU member behind the `MemberKind` interface: GRU(units) over `lookback` sessions of scaled
 * rows → the standardised next-day log return, trained by `fitGruFast` on the fit's windows
 * (`gruWindows`), saved as tfjs `model.json` + `weights.bin`. Its state (`GruState`) is the
 * network's shape and seed plus the target mean and std that undo the standardisation.
 */
import type * as tf from '@tensorflow/tfjs';
import { gruWindows } from '../training-data.js';
import { FEATURE_COUNT } from '../features.js';
import { buildGru, loadGru, predictGru, saveGru, type GruConfig } from './gru.js';
import { fitGruFast } from './gru-fast.js';
import type { FittedMember, MemberKind } from './member.js';
import { windows } from '../dataset.js';

export type GruState = GruConfig & { targetMean: number; targetStd: number };

export const gruMember: MemberKind = {
  name: 'gru',
  files: ['model.json', 'weights.bin'],
  recipePart: (hyper) => `gru${hyper.gruUnits}`,
  async fit(data, o) {
    const config: GruConfig = { lookback: data.lookback, features: FEATURE_COUNT, units: o.hyper.gruUnits, seed: o.seed };
    const network = buildGru(config);
    try {
      const train = gruWindows(data, data.trainO, data.yTrain);
      const val = data.valO && data.yVal ? gruWindows(data, data.valO, data.yVal) : undefined;
      const fit = await fitGruFast(network, config, {
        x: train.x,
        y: train.y,
        ...(val ? { xVal: val.x, yVal: val.y } : {}),
        epochs: o.epochs,
        batchSize: o.hyper.batchSize,
        learningRate: o.hyper.learningRate,
        patience: o.hyper.patience,
        seed: o.seed,
        symbol: o.symbol,
        onEpoch: o.onEpoch,
        signal: o.signal,
      });
      return { member: fittedGru({ ...config, targetMean: data.targetMean, targetStd: data.targetStd }, network), epochs: { run: fit.epochsRun, best: fit.bestEpoch } };
    } catch (err) {
      network.dispose();
      throw err;
    }
  },
  problems(state) {
    const s = state as Partial<GruState> | undefined;
    const problems: string[] = [];
    if (!Number.isInteger(s?.lookback) || !Number.isInteger(s?.units) || !Number.isInteger(s?.features)) problems.push('gru shape');
    if (!Number.isFinite(s?.targetMean) || !Number.isFinite(s?.targetStd)) problems.push('gru target mean and std');
    return problems;
  },
  async load(state, files) {
    const network = await loadGru({ 'model.json': files['model.json'] ?? new Uint8Array(), 'weights.bin': files['weights.bin'] ?? new Uint8Array() });
    return fittedGru(state as GruState, network);
  },
};

function fittedGru(state: GruState, network: tf.LayersModel): FittedMember & { network: tf.LayersModel } {
  return {
    kind: 'gru',
    state,
    lookback: state.lookback,
    network,
    predict(scaled, origins) {
      const standardised = predictGru(network, state, windows(scaled, origins, state.lookback));
      return Array.from(standardised, (v) => state.targetMean + state.targetStd * v);
    },
    save: async () => ({ ...(await saveGru(network)) }),
    dispose: () => network.dispose(),
  };
}
