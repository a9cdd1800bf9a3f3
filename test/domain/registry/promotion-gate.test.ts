import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../common/errors.js';
import { decidePromotion, type GateScores, type PromotionInput } from '../../../domain/registry/index.js';

const days = { n: 250, from: '2024-01-02', to: '2024-12-31' };
const champ = (mape: number, directionAccuracy: number): NonNullable<PromotionInput['champion']> => ({ version: 3, scores: { mape, directionAccuracy, ...days } });
const chal = (mape: number, directionAccuracy: number, extra: Partial<GateScores> = {}): PromotionInput['challenger'] => ({
  version: 4,
  loaded: true,
  predicted: true,
  scores: { mape, directionAccuracy, ...days, ...extra },
});
const naive = { mape: 0.025, directionAccuracy: 0.52 };

describe('decidePromotion', () => {
  it('keeps the champion when the challenger MAPE is worse than the margin allows, saying by how much', () => {
    const d = decidePromotion({ challenger: chal(0.021, 0.55), champion: champ(0.019, 0.55), baseline: naive, margin: 0.05 });
    expect(d.promote).toBe(false);
    expect(d.reason).toBe('kept champion v3: challenger MAPE 2.1% vs champion 1.9% (+10.5% > margin 5%)');
    expect(d.comparisons.map((c) => [c.against, c.metric, c.passed])).toEqual([
      ['champion', 'mape', false],
      ['champion', 'directionAccuracy', true],
      ['baseline', 'mape', true],
      ['baseline', 'directionAccuracy', true],
    ]);
    expect(d.comparisons[0]?.limit).toBeCloseTo(0.01995, 10);
  });

  it('promotes a challenger within the margins and explains every comparison', () => {
    const d = decidePromotion({ challenger: chal(0.0195, 0.54), champion: champ(0.019, 0.55), baseline: naive, margin: 0.05 });
    expect(d.promote).toBe(true);
    expect(d.reason).toMatch(/^promoted challenger v4 over champion v3: challenger MAPE 1\.95% vs champion 1\.9% \(\+2\.6% within margin 5%\); challenger direction accuracy 54% vs champion 55% \(−1 pts within margin 5 pts\); challenger MAPE 1\.95% vs baseline 2\.5%/);
    expect(d).toMatchObject({ challengerVersion: 4, championVersion: 3, checkedBaseline: true });
  });

  it('keeps the champion when direction accuracy drops by more than its margin', () => {
    const d = decidePromotion({
      challenger: chal(0.018, 0.5),
      champion: champ(0.019, 0.55),
      baseline: naive,
      margins: { championMape: 0.05, championDirection: 0.02, baselineDirection: 0.05 },
    });
    expect(d.promote).toBe(false);
    expect(d.reason).toBe('kept champion v3: challenger direction accuracy 50% vs champion 55% (−5 pts > margin 2 pts)');
  });

  it('does not let a champion that is itself worse than persistence hold a better challenger back by its direction accuracy', () => {
    // A champion biased upwards: always "up" (55% of days went up) while missing every close.
    const biased = champ(0.04, 0.55);
    const d = decidePromotion({ challenger: chal(0.024, 0.5), champion: biased, baseline: naive, margin: 0.02, checkBaseline: false });
    expect(d.promote).toBe(true);
    expect(d.reason).toMatch(/champion v3 is itself worse than persistence \(MAPE 4% > 2\.75%\), so its direction accuracy does not hold back a challenger with a lower MAPE/);
    expect(d.comparisons.find((c) => c.against === 'champion' && c.metric === 'directionAccuracy')).toMatchObject({ passed: false, enforced: false });
    // A champion within the persistence limit still holds it back.
    expect(decidePromotion({ challenger: chal(0.024, 0.5), champion: champ(0.026, 0.55), baseline: naive, margin: 0.02, checkBaseline: false }).promote).toBe(false);
  });

  it('accepts a challenger exactly at the margin (no float-noise refusals)', () => {
    const d = decidePromotion({ challenger: chal(0.0199500000001 - 1e-13, 0.53), champion: champ(0.019, 0.55), baseline: naive, margins: { championMape: 0.05, championDirection: 0.02 } });
    expect(d.promote).toBe(true);
  });

  it('promotes the first model when it loads and predicts (no champion)', () => {
    const d = decidePromotion({ challenger: chal(0.02, 0.55), champion: null, baseline: naive });
    expect(d.promote).toBe(true);
    expect(d.reason).toMatch(/^promoted challenger v4: no champion yet; challenger MAPE 2% vs baseline 2\.5%/);
    expect(d.championVersion).toBeNull();
  });

  it('does not promote a challenger that failed to load or predict, champion or not', () => {
    expect(decidePromotion({ challenger: { ...chal(0.01, 0.6), loaded: false, error: 'weights.bin truncated' }, champion: null, checkBaseline: false }))
      .toMatchObject({ promote: false, reason: 'no promotion: challenger v4 failed to load (weights.bin truncated)' });
    expect(decidePromotion({ challenger: { ...chal(0.01, 0.6), predicted: false }, champion: champ(0.02, 0.5), baseline: naive }))
      .toMatchObject({ promote: false, reason: 'kept champion v3: challenger v4 failed to predict' });
  });

  it('refuses to compare scores from different evaluation days', () => {
    expect(decidePromotion({ challenger: chal(0.01, 0.6, { n: 249 }), champion: champ(0.02, 0.5), baseline: naive }).reason)
      .toBe('kept champion v3: challenger and champion were not scored on the same days (n 249 vs 250)');
    expect(decidePromotion({ challenger: chal(0.01, 0.6, { from: '2024-01-03' }), champion: champ(0.02, 0.5), baseline: naive }).reason)
      .toMatch(/not scored on the same days \(from 2024-01-03 vs 2024-01-02\)/);
  });

  it('blocks a challenger worse than the naive baseline, unless the baseline check is disabled (then it is only reported)', () => {
    const input: PromotionInput = { challenger: chal(0.03, 0.55), champion: null, baseline: naive, margins: { baselineMape: 0.1 } };
    const blocked = decidePromotion(input);
    expect(blocked.promote).toBe(false);
    expect(blocked.reason).toBe('no promotion: challenger MAPE 3% vs baseline 2.5% (+20% > margin 10%)');

    const reported = decidePromotion({ ...input, checkBaseline: false });
    expect(reported.promote).toBe(true);
    expect(reported.checkedBaseline).toBe(false);
    expect(reported.reason).toMatch(/challenger MAPE 3% vs baseline 2\.5% \(\+20% > margin 10%\) \[not enforced\]/);
    expect(reported.comparisons.filter((c) => c.against === 'baseline').every((c) => !c.enforced)).toBe(true);
  });

  it('requires baseline scores when the baseline check is on', () => {
    const d = decidePromotion({ challenger: chal(0.01, 0.6), champion: champ(0.02, 0.5) });
    expect(d.promote).toBe(false);
    expect(d.reason).toMatch(/no baseline scores on the evaluation days/);
  });

  it('promotes over a champion that could not be scored, if the challenger beats the baseline', () => {
    const d = decidePromotion({ challenger: chal(0.02, 0.55), champion: { version: 3, scores: null, error: 'checksum mismatch' }, baseline: naive });
    expect(d.promote).toBe(true);
    expect(d.reason).toMatch(/^promoted challenger v4 over champion v3: champion v3 could not be scored \(checksum mismatch\);/);
  });

  it('keeps the champion on non-finite or empty scores', () => {
    expect(decidePromotion({ challenger: chal(Number.NaN, 0.55), champion: champ(0.02, 0.5), baseline: naive }).reason)
      .toBe('kept champion v3: challenger v4 has scores that are not finite numbers');
    expect(decidePromotion({ challenger: { ...chal(0.01, 0.5), scores: null }, champion: champ(0.02, 0.5), baseline: naive }).promote).toBe(false);
  });

  it('rejects nonsensical margins with a ConfigError naming the field', () => {
    expect(() => decidePromotion({ challenger: chal(0.02, 0.5), champion: null, margin: -0.1 })).toThrow(ConfigError);
    expect(() => decidePromotion({ challenger: chal(0.02, 0.5), champion: null, margins: { baselineMape: 5 } })).toThrow(/promotion margin baselineMape = 5/);
  });
});
