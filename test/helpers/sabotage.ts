/**
 * A champion made clearly worse than persistence on purpose, for tests of the skill judgement
 * and what follows from it (incidents, due retrains).
 */
import type { ModelRegistry } from '../../domain/registry/index.js';

/**
 * Saves a copy of the champion whose saved state adds a constant +3% to every predicted log
 * return (its ensemble's GRU target mean shifted, the network's weight in the ensemble set to 1)
 * and whose calibration says P(up) = 0.99 whatever the signal (so the forecast's centre,
 * σ·Φ⁻¹(P(up)), sits ~2.3σ above the last close every day), and makes it the champion: a model
 * clearly worse than persistence. Returns its version.
 */
export function sabotageChampion(registry: ModelRegistry, symbol: string): number {
  const champion = registry.loadChampion(symbol);
  const ensemble = JSON.parse(Buffer.from(champion.files['ensemble.json']!).toString('utf8')) as {
    state: { gru: { targetMean: number; targetStd: number }; weights: { gru: number; ridge: number; shrink: number }; calibration: { a: number; b: number } };
  };
  ensemble.state.gru.targetMean += 0.03;
  ensemble.state.weights = { gru: 1, ridge: 0, shrink: 1 };
  ensemble.state.calibration = { ...ensemble.state.calibration, a: Math.log(0.99 / 0.01), b: 0 };
  const files = { ...champion.files, 'ensemble.json': new TextEncoder().encode(JSON.stringify(ensemble)) };
  const { version: _version, registeredAt: _registeredAt, ...metadata } = champion.metadata;
  const saved = registry.saveVersion(symbol, { files, metadata });
  registry.restore(symbol, saved.version, 'test: sabotaged copy (+3% bias)');
  return saved.version;
}
