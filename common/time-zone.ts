/** Whether `Intl` knows a time zone (an IANA name such as "America/New_York", or "UTC"): the one check, for config and market data. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
