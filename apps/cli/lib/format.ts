/** Small text helpers for tables and numbers a person reads. Fractions are shown as percentages. */

export const pct = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(digits)}%`;

export const num = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);

/** Terminal width every table is fitted to (issue 13: long tables fit 100 columns). */
export const TABLE_WIDTH = 100;
/** A wrapped free-text column never gets narrower than this. */
const MIN_WRAPPED = 24;

/**
 * Left-aligned columns separated by two spaces; numeric-looking cells right-aligned. A table
 * wider than `maxWidth` first wraps its headers (over several lines, bottom-aligned, never
 * splitting a word), then wraps the cells of its widest free-text column under themselves.
 */
export function table(header: string[], rows: string[][], maxWidth = TABLE_WIDTH): string[] {
  const cell = (r: string[], i: number) => r[i] ?? '';
  const dataWidth = header.map((_, i) => Math.max(0, ...rows.map((r) => cell(r, i).length)));
  const right = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[-+]?[\d.,]+[%s]?$|^—$/.test(cell(r, i))));
  const total = (w: number[]) => w.reduce((a, b) => a + b, 0) + 2 * (w.length - 1);

  let widths = header.map((h, i) => Math.max(h.length, col(dataWidth, i)));
  let headerLines = header.map((h) => [h]);
  if (total(widths) > maxWidth) {
    widths = header.map((h, i) => Math.max(col(dataWidth, i), longestWord(h)));
    headerLines = header.map((h, i) => wrapWords(h, col(widths, i)));
  }
  let wrapped = -1;
  if (total(widths) > maxWidth) {
    const freeText = header.map((_, i) => i).filter((i) => !right[i] && rows.some((r) => /\s/.test(cell(r, i))));
    wrapped = freeText.reduce((best, i) => (best < 0 || col(widths, i) > col(widths, best) ? i : best), -1);
    if (wrapped >= 0) {
      const narrowest = Math.max(MIN_WRAPPED, longestWord(col(header, wrapped)), ...rows.map((r) => longestWord(cell(r, wrapped))));
      widths[wrapped] = Math.min(col(widths, wrapped), Math.max(narrowest, col(widths, wrapped) - (total(widths) - maxWidth)));
      headerLines[wrapped] = wrapWords(col(header, wrapped), col(widths, wrapped));
    }
  }
  // Still too wide with a trailing free-text column (a message, a reason) at its narrowest: it
  // goes under its row, indented, across the whole width, and the row keeps the other columns.
  const textBelow = wrapped >= 0 && wrapped === header.length - 1 && total(widths) > maxWidth;
  if (textBelow) {
    widths[wrapped] = 0;
    headerLines[wrapped] = [''];
  }

  const line = (cells: string[]) => cells.map((c, i) => (right[i] ? c.padStart(col(widths, i)) : c.padEnd(col(widths, i)))).join('  ').trimEnd();
  const headerDepth = Math.max(...headerLines.map((l) => l.length));
  const headerRows = Array.from({ length: headerDepth }, (_, k) => line(headerLines.map((l) => l[k - (headerDepth - l.length)] ?? '')));
  const bodyRows = rows.flatMap((r) => {
    if (wrapped < 0) return [line(header.map((_, i) => cell(r, i)))];
    if (textBelow) return [line(header.map((_, i) => (i === wrapped ? '' : cell(r, i)))), ...wrapWords(cell(r, wrapped), maxWidth - 4).map((l) => `    ${l}`)];
    const parts = wrapWords(cell(r, wrapped), col(widths, wrapped));
    return parts.map((part, k) => line(header.map((_, i) => (i === wrapped ? part : k === 0 ? cell(r, i) : ''))));
  });
  return [...headerRows, line(widths.map((w) => '-'.repeat(w))), ...bodyRows];
}

/** A per-column value of the table (every per-column array has one entry per header). */
function col<T>(values: readonly T[], i: number): T {
  const v = values[i];
  if (v === undefined) throw new RangeError(`table column ${i} is outside its ${values.length} columns`);
  return v;
}

function longestWord(text: string): number {
  return Math.max(0, ...text.split(/\s+/).map((w) => w.length));
}

/** A sentence as lines of at most `width` columns, continuation lines indented by two spaces. */
export function paragraph(text: string, width = TABLE_WIDTH): string[] {
  const [first = '', ...rest] = wrapWords(text, width);
  return [first, ...rest.flatMap((l) => wrapWords(l, width - 2)).map((l) => `  ${l}`)];
}

/** Words filled into lines of at most `width` characters (a longer word gets a line of its own). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  return current || lines.length === 0 ? [...lines, current] : lines;
}

export function isoMinute(d: Date | string | null | undefined): string {
  if (!d) return '—';
  const date = typeof d === 'string' ? new Date(d) : d;
  return Number.isNaN(date.getTime()) ? '—' : `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/** "in 3 h", "in 2 d", "5 min ago". */
export function relative(d: Date, now = new Date()): string {
  const ms = d.getTime() - now.getTime();
  const abs = Math.abs(ms);
  const text = abs < 3_600_000 ? `${Math.round(abs / 60_000)} min` : abs < 172_800_000 ? `${Math.round(abs / 3_600_000)} h` : `${Math.round(abs / 86_400_000)} d`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}
