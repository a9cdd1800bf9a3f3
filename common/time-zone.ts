/** IANA time zones: whether `Intl` knows one (for config and market data), and the calendar date of an instant in one. */

/** Whether `Intl` knows a time zone (an IANA name such as "America/New_York", or "UTC"): the one check, for config and market data. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The calendar date (ISO) of an instant in an IANA time zone, e.g. an exchange's local session date. */
export function dateInTimeZone(instant: Date, timeZone: string): string {
  return formatterFor(timeZone).format(instant);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}
