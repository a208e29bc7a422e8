/**
 * Calendar days as the domain counts them: follow-ups, re-screening and referral due dates are
 * days in the organisation's time zone ('YYYY-MM-DD'), never UTC dates, so that a visit at 23:30
 * in Hà Nội belongs to that Vietnamese day.
 */

/** The calendar day ('YYYY-MM-DD') of an instant in `timeZone`. Throws a RangeError for a time that is not one or an unknown zone. */
export function dayIn(at: string | Date, timeZone: string): string {
  const t = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(t.getTime())) throw new RangeError(`Not a date and time: ${String(at)}`);
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
}

/** `day` ('YYYY-MM-DD') plus `days` calendar days (negative goes back). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
