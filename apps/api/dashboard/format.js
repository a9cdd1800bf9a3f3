/*
 * The dashboard's number and time formatting, as an ES module (the page imports it, and so do
 * the unit tests in test/apps/api/dashboard-format.test.ts). No DOM here.
 */

/**
 * `value` rounded to `digits` decimals of `value × scale` (100: percent), except that a value on
 * the failing side of its threshold never prints equal to (or past) the printed threshold: it is
 * rounded toward the failing side instead — 0.5996 against "≥ 60.0%" prints 59.9, not 60.0.
 * kind 'min': the value must be ≥ threshold; 'max': ≤ threshold. No threshold: plain rounding.
 * Returns the rounded, scaled number (format it with toFixed(digits)).
 */
export function roundAgainstThreshold(value, threshold, kind, digits = 1, scale = 100) {
  const factor = 10 ** digits;
  const plain = Math.round(value * scale * factor) / factor;
  if (threshold === null || threshold === undefined || !Number.isFinite(threshold)) return plain;
  const shownThreshold = Math.round(threshold * scale * factor) / factor;
  const step = 1 / factor;
  // Only a failing value that would print on the passing side (or equal) moves, and only to the next step.
  if (kind === 'min' && value < threshold && plain >= shownThreshold) {
    return Math.min(Math.floor(value * scale * factor) / factor, round(shownThreshold - step, digits));
  }
  if (kind === 'max' && value > threshold && plain <= shownThreshold) {
    return Math.max(Math.ceil(value * scale * factor) / factor, round(shownThreshold + step, digits));
  }
  return plain;
}

const round = (x, digits) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A fraction as a percent string against its threshold (see roundAgainstThreshold); '—' for no value. */
export function percentAgainst(value, threshold, kind, digits = 1) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  return `${roundAgainstThreshold(value, threshold, kind, digits).toFixed(digits)}%`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Tick steps a time axis may use, shortest first. */
const STEPS = [
  MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 182 * DAY, 365 * DAY,
];

/**
 * Ticks of a real time axis over [x0, x1] (ms, UTC): at most `maxTicks` round instants (whole
 * minutes, hours or days; months and years for long spans), each labelled as precisely as the
 * step needs — "14:30" within a day, "06-30 14:00" across days by the hour, "2025-06-30" by the day.
 */
export function timeTicks(x0, x1, maxTicks = 5) {
  if (!(x1 > x0)) return [{ x: x0, label: new Date(x0).toISOString().slice(0, 16).replace('T', ' ') }];
  const span = x1 - x0;
  const step = STEPS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / DAY) * DAY;
  const ticks = [];
  for (let x = Math.ceil(x0 / step) * step; x <= x1; x += step) ticks.push({ x, label: timeLabel(x, step, span) });
  return ticks;
}

function timeLabel(x, step, span) {
  const iso = new Date(x).toISOString();
  if (step >= DAY) return iso.slice(0, 10);
  if (span < DAY && new Date(x).getUTCDate() === new Date(x - span).getUTCDate()) return iso.slice(11, 16);
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}
