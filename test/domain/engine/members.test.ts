/**
 * Model members behind one interface (issue 8): a third member plugs in with one file and is
 * trained, combined, saved and loaded like the built-in ones; the N-member weight fit reduces
 * exactly to the two-member grid; trainModel and bench:torch's trainingData are one path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelIntegrityError } from '../../../common/errors.js';
import { mulberry32 } from '../../../common/random.js';
import { DEFAULT_SPLIT } from '../../../domain/engine/dataset.js';
import { disposeEnsemble, fitWeights, type EnsembleModel } from '../../../domain/engine/ensemble.js';
import { memberKind, memberKinds, registerMemberKind } from '../../../domain/engine/members/kinds.js';
import { predictNext } from '../../../domain/engine/predict.js';
import { loadEnsemble, serializeEnsemble } from '../../../domain/engine/serialize.js';
import { trainModel } from '../../../domain/engine/train.js';
import { trainingData } from '../../../domain/engine/training-data.js';
import { syntheticBars, TINY } from './helpers.js';
import { MEAN_MEMBER_FILE, meanMember } from './mean-member.js';

const bars = syntheticBars(420, 5);

describe('a third member through the MemberKind interface', () => {
  let model: EnsembleModel;
  const loaded: EnsembleModel[] = [];

  beforeAll(async () => {
    registerMemberKind(meanMember);
    model = await trainModel({ bars, symbol: 'MEM', seed: 4, epochs: 2, ...TINY, members: ['gru', 'ridge', 'mean'] });
  });
  afterAll(() => [model, ...loaded].forEach(disposeEnsemble));

  it('is trained beside the built-in members: its state, its weight, the recipe', () => {
    expect(model.metadata.recipe).toBe('ens-gru4+ridge+mean-v1');
    expect(model.members.map((m) => m.kind)).toEqual(['gru', 'ridge', 'mean']);
    const { shrink, ...weights } = model.state.weights;
    expect(Object.keys(weights)).toEqual(['gru', 'ridge', 'mean']);
    expect(Object.values(weights).reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    expect(shrink).toBeGreaterThanOrEqual(0);
    // The served fit's member: the mean of the targets it was refitted on.
    const served = model.metadata.fits.served!;
    const returns = bars.map((b, i) => (i ? Math.log(b.close / bars[i - 1]!.close) : 0));
    const origins = bars.flatMap((b, i) => (b.date >= served.train.from && b.date <= served.train.to ? [i - 1] : []));
    const mean = origins.reduce((s, t) => s + returns[t + 1]!, 0) / origins.length;
    expect((model.state as unknown as Record<string, { mean: number }>).mean!.mean).toBeCloseTo(mean, 12);
  });

  it('saves its own file and loads back to identical predictions', async () => {
    const saved = await serializeEnsemble(model);
    expect(Object.keys(saved.files).sort()).toEqual(['ensemble.json', MEAN_MEMBER_FILE, 'metadata.json', 'model.json', 'weights.bin'].sort());
    const back = await loadEnsemble(saved.files);
    loaded.push(back);
    expect(back.members.map((m) => m.kind)).toEqual(['gru', 'ridge', 'mean']);
    expect(predictNext(back, bars)).toEqual(predictNext(model, bars));
    // Its file is checksummed like the GRU's.
    await expect(loadEnsemble({ ...saved.files, [MEAN_MEMBER_FILE]: new TextEncoder().encode('{"mean":1}') })).rejects.toThrow(/mean-member.json failed its integrity check: sha256/);
  });

  it('a saved ensemble naming an unknown member is refused, naming it', async () => {
    const saved = await serializeEnsemble(model);
    const ensemble = JSON.parse(new TextDecoder().decode(saved.files['ensemble.json'])) as { state: { weights: Record<string, number> } };
    ensemble.state.weights = { gru: 0.5, ridge: 0.25, median: 0.25, shrink: 1 };
    const err = await loadEnsemble({ ...saved.files, 'ensemble.json': new TextEncoder().encode(JSON.stringify(ensemble)) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelIntegrityError);
    expect(String((err as Error).message)).toMatch(/unknown model member "median" \(known: gru, ridge, mean\)/);
  });

  it('member lists are checked: unknown, repeated, empty, reserved names', () => {
    expect(() => memberKinds(['gru', 'lstm'])).toThrow(/unknown model member "lstm"/);
    expect(() => memberKinds(['ridge', 'ridge'])).toThrow(/"ridge" is listed twice/);
    expect(() => memberKinds([])).toThrow(/at least one member/);
    expect(() => registerMemberKind({ ...meanMember, name: 'shrink' })).toThrow(/not "shrink"/);
    expect(() => registerMemberKind({ ...meanMember })).toThrow(/"mean" is already registered/);
    expect(memberKind('mean')).toBe(meanMember);
  });
});

describe('fitWeights', () => {
  /** The two-member grid as it was written before members became a list: the weights must not move. */
  function twoMemberReference(gru: number[], ridge: number[], actual: number[]) {
    let bestW = 0;
    let bestErr = Number.POSITIVE_INFINITY;
    for (let k = 0; k <= 20; k++) {
      const w = k / 20;
      let err = 0;
      for (let i = 0; i < actual.length; i++) err += (w * gru[i]! + (1 - w) * ridge[i]! - actual[i]!) ** 2;
      if (err < bestErr - 1e-15) {
        bestErr = err;
        bestW = w;
      }
    }
    let py = 0;
    let pp = 0;
    for (let i = 0; i < actual.length; i++) {
      const p = bestW * gru[i]! + (1 - bestW) * ridge[i]!;
      py += p * actual[i]!;
      pp += p * p;
    }
    return { gru: bestW, ridge: 1 - bestW, shrink: pp > 0 ? Math.min(1, Math.max(0, py / pp)) : 0 };
  }

  it('with two members equals the two-member grid exactly, on many random problems', () => {
    const rng = mulberry32(9);
    for (let trial = 0; trial < 200; trial++) {
      const n = 5 + Math.floor(rng() * 60);
      const actual = Array.from({ length: n }, () => rng() - 0.5);
      const gru = actual.map((a) => a * rng() * 2 + (rng() - 0.5) * 0.3);
      const ridge = actual.map((a) => a * rng() + (rng() - 0.5) * 0.6);
      expect(fitWeights([{ kind: 'gru', values: gru }, { kind: 'ridge', values: ridge }], actual)).toEqual(twoMemberReference(gru, ridge, actual));
    }
  });

  it('with three members finds the member that is the truth, and one member gets weight 1', () => {
    const actual = [0.01, -0.02, 0.005, 0.03, -0.01];
    const noise = actual.map((a, i) => a + (i % 2 ? 0.02 : -0.02));
    expect(fitWeights([{ kind: 'a', values: noise }, { kind: 'b', values: actual }, { kind: 'c', values: noise.map((v) => -v) }], actual)).toEqual({ a: 0, b: 1, c: 0, shrink: 1 });
    expect(fitWeights([{ kind: 'only', values: noise }], actual)).toMatchObject({ only: 1 });
  });
});

describe('one training-data path', () => {
  it("trainModel's evaluated fit uses exactly trainingData's scaler and target statistics (what bench:torch exports)", async () => {
    const split = { ...DEFAULT_SPLIT, ...TINY.split };
    const data = trainingData({ bars, symbol: 'ONE', split });
    const evaluated = await trainModel({ bars, symbol: 'ONE', seed: 2, epochs: 1, ...TINY, refit: false });
    try {
      expect(evaluated.state.scaler).toEqual(data.scaler);
      expect(evaluated.state.gru).toMatchObject({ targetMean: data.targetMean, targetStd: data.targetStd, lookback: split.lookback });
      expect(data.gruTrain.y.length).toBe(evaluated.metadata.fits.evaluated.train.n);
      expect(data.gruVal.y.length).toBe(evaluated.metadata.fits.evaluated.validation!.n);
    } finally {
      disposeEnsemble(evaluated);
    }
  });
});
