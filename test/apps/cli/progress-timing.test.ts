/** Progress lines of the train commands: elapsed time on every line, an estimate while a fit trains. */
import { describe, expect, it } from 'vitest';
import { clock, EpochEstimate, timing } from '../../../apps/cli/lib/progress-timing.js';
import { ProgressLines } from '../../../apps/cli/lib/training.js';

describe('progress timing', () => {
  it('formats a clock', () => {
    expect([clock(0), clock(7_400), clock(754_000), clock(3_723_000)]).toEqual(['0:00', '0:07', '12:34', '1:02:03']);
    expect(timing(42_000, null)).toBe(' — 0:42 elapsed');
    expect(timing(42_000, 90_000)).toBe(' — 0:42 elapsed, ~1:30 left');
  });

  it('estimates the rest of a fit from the epochs seen so far, and starts over with the next fit', () => {
    const eta = new EpochEstimate();
    expect(eta.observe('SPY', 2, 10, 1_000)).toBeNull(); // first sight: no rate yet
    expect(eta.observe('SPY', 2, 10, 5_000)).toBeNull(); // no epoch finished since
    expect(eta.observe('SPY', 4, 10, 9_000)).toBe(6 * 4_000); // 4 s per epoch, 6 to go
    expect(eta.observe('SPY', 1, 6, 10_000)).toBeNull(); // the served refit: a new fit
    expect(eta.observe('SPY', 3, 6, 16_000)).toBe(3 * 3_000);
  });
});

describe('ProgressLines', () => {
  function sink(tty: boolean) {
    const written: string[] = [];
    return { out: { tty, write: (t: string) => { written.push(t); } }, written };
  }

  it('without a terminal prints a line when the state changes, each with elapsed time and, while training, what is left', () => {
    let now = 0;
    const { out, written } = sink(false);
    const lines = new ProgressLines(['SPY', 'NVDA'], out, () => now);
    lines.update([{ text: 'queued' }, { text: 'loading-data' }]);
    now = 10_000;
    lines.update([{ text: 'training epoch 1/5', epoch: 1, epochs: 5 }, { text: 'loading-data' }]);
    now = 20_000;
    lines.update([{ text: 'training epoch 1/5', epoch: 1, epochs: 5 }, { text: 'loading-data' }]); // nothing changed: nothing printed
    now = 30_000;
    lines.update([{ text: 'training epoch 3/5', epoch: 3, epochs: 5 }, { text: 'done: promoted v2' }]);
    expect(written.join('')).toBe([
      '  SPY   queued — 0:00 elapsed',
      '  NVDA  loading-data — 0:00 elapsed',
      '  SPY   training epoch 1/5 — 0:10 elapsed',
      '  SPY   training epoch 3/5 — 0:30 elapsed, ~0:20 left',
      '  NVDA  done: promoted v2 — 0:30 elapsed',
      '',
    ].join('\n'));
  });

  it('on a terminal redraws every line in place so the clock ticks', () => {
    let now = 0;
    const { out, written } = sink(true);
    const lines = new ProgressLines(['SPY'], out, () => now);
    lines.update([{ text: 'training epoch 1/5', epoch: 1, epochs: 5 }]);
    now = 65_000;
    lines.update([{ text: 'training epoch 1/5', epoch: 1, epochs: 5 }]);
    expect(written).toEqual([
      '\r\x1b[2K  SPY  training epoch 1/5 — 0:00 elapsed\n',
      '\x1b[1A\r\x1b[2K  SPY  training epoch 1/5 — 1:05 elapsed\n',
    ]);
  });
});
