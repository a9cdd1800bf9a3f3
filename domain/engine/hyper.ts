/** The ensemble's hyper-parameters and their defaults (read by trainModel and by every member's fit). */
export interface ModelHyperOptions {
  gruUnits: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  ridgeLambdas: number[];
}

/**
 * Batch 128 rather than 64: on the wasm backend an epoch costs per-op dispatch more than
 * arithmetic (1500 windows: ~470 ms/epoch at 64, ~310 ms at 128 on a 2-core box), and the
 * quick-training budget (≤ 5 s) needs the difference. The learning rate is raised to match.
 */
export const DEFAULT_HYPER: ModelHyperOptions = {
  gruUnits: 16,
  batchSize: 128,
  learningRate: 3e-3,
  patience: 8,
  ridgeLambdas: [1, 10, 100, 1000, 10000],
};
