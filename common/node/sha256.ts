/** sha256 digests (hex), the one implementation: registry checksums, model-file checksums, the training-data hash. Node-only (node:crypto). */
import { createHash } from 'node:crypto';
import type { PriceBar } from '../prices.js';

/** sha256 (hex) of bytes or a UTF-8 string. */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 (hex) of bars as canonical CSV lines: date,open,high,low,close,adjClose,volume. */
export function dataHash(bars: readonly PriceBar[]): string {
  const h = createHash('sha256');
  for (const b of bars) h.update(`${b.date},${b.open},${b.high},${b.low},${b.close},${b.adjClose},${b.volume}\n`);
  return h.digest('hex');
}
