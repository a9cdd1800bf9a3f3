import { describe, expect, it } from 'vitest';
import { table, paragraph } from '../../../apps/cli/lib/format.js';

/** Tables a person reads fit 100 columns: headers wrap first, then the widest free-text column. */
describe('CLI table layout', () => {
  it('leaves a table that fits alone: one header line, columns two spaces apart, numbers right-aligned', () => {
    expect(table(['symbol', 'n', 'note'], [['SPY', '41', 'ok'], ['NVDA', '7', 'fine']])).toEqual([
      'symbol   n  note',
      '------  --  ----',
      'SPY     41  ok',
      'NVDA     7  fine',
    ]);
  });

  it('wraps long headers over lines, bottom-aligned, when that is enough to fit', () => {
    const header = ['symbol', 'direction / baseline', 'open incidents', 'next training'];
    expect(table(header, [['SPY', '55.0% / 52.0%', '1', 'in 22 h']], 40)).toEqual([
      '        direction /         open  next',
      'symbol  baseline       incidents  training',
      '------  -------------  ---------  --------',
      'SPY     55.0% / 52.0%          1  in 22 h',
    ]);
    // Wide enough: one header line, as before.
    expect(table(header, [['SPY', '55.0% / 52.0%', '1', 'in 22 h']], 100)[0]).toBe('symbol  direction / baseline  open incidents  next training');
  });

  it('wraps the widest free-text column under itself, keeping every word, so no line passes 100 columns', () => {
    // (It cannot narrow a free-text column below 24 characters: columns that leave less stay wider than 100.)
    const message = 'SPY: MAPE 6.3% > 5.0% (n=44) on the last forty sessions; a retrain was started and is running now';
    const rows = [
      ['12', 'SPY', 'absolute-threshold', 'critical', '2025-01-06 17:00Z', '2', message],
      ['13', 'system', 'health', 'warning', '2025-01-06 11:00Z', '1', 'disk 3% free'],
    ];
    const lines = table(['id', 'symbol', 'rule', 'severity', 'last seen', 'count', 'message'], rows);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    const [header] = lines;
    if (header === undefined) throw new Error('the table has no header line');
    const start = header.indexOf('message');
    const first = lines.findIndex((l) => l.startsWith('12 '));
    const next = lines.findIndex((l) => l.startsWith('13 '));
    const pieces = lines.slice(first, next).map((l) => l.slice(start).trim());
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join(' ')).toBe(message);
    // Continuation lines are blank left of the wrapped column.
    for (const l of lines.slice(first + 1, next)) expect(l.slice(0, start).trim()).toBe('');
    expect(lines[next]).toMatch(/^13\s+system\s+health\s+warning\s+2025-01-06 11:00Z\s+1\s+disk 3% free$/);
  });

  it('puts the free text under its row when the other columns leave it less than 24 characters', () => {
    // alerts --all: ten columns take 96 of the 100 before the message.
    const message = 'MSFT.CLI: stale data, last bar 2025-06-30, 356 completed sessions behind (last completed 2026-11-27)';
    const header = ['id', 'symbol', 'rule', 'severity', 'status', 'first seen', 'last seen', 'count', 'ack', 'message'];
    const row = ['8', 'MSFT.CLI', 'freshness', 'warning', 'open', '2026-11-30 18:03Z', '2026-11-30 18:03Z', '1', '', message];
    const lines = table(header, [row, ['9', 'SPY', 'absolute-threshold', 'critical', 'open', '2026-11-30 18:03Z', '2026-11-30 18:04Z', '12', 'yes', 'short']]);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    const first = lines.findIndex((l) => l.startsWith(' 8 '));
    const next = lines.findIndex((l) => l.startsWith(' 9 '));
    expect(first).toBeGreaterThan(0);
    expect(lines[first]).toMatch(/^ 8\s+MSFT\.CLI\s+freshness\s+warning\s+open\s+2026-11-30 18:03Z\s+2026-11-30 18:03Z\s+1$/);
    const below = lines.slice(first + 1, next);
    for (const l of below) expect(l).toMatch(/^ {4}\S/);
    expect(below.map((l) => l.trim()).join(' ')).toBe(message);
    expect(lines[next + 1]).toBe('    short');
  });

  it('wraps a sentence into lines of at most 100 columns, continuation lines indented, every word kept', () => {
    const text = `WARNING: ${'this range includes days the model was fitted or calibrated on, so these numbers flatter it '.repeat(3)}end`;
    const lines = paragraph(text);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.every((l) => l.length <= 100)).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith('  ') && !l.startsWith('   '))).toBe(true);
    expect(lines.map((l) => l.trim()).join(' ')).toBe(text.replace(/\s+/g, ' '));
    expect(paragraph('short')).toEqual(['short']);
  });
});

