import { createHash } from 'node:crypto';
import type { PriceBar } from '../../common/prices.js';

/** sha256 (hex) of bars as canonical CSV lines: date,open,high,low,close,adjClose,volume. */
export function dataHash(bars: readonly PriceBar[]): string {
  const h = createHash('sha256');
  for (const b of bars) h.update(`${b.date},${b.open},${b.high},${b.low},${b.close},${b.adjClose},${b.volume}\n`);
  return h.digest('hex');
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
