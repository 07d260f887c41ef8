/** Calendar days (`YYYY-MM-DD`) as the API and the tables carry them. Pure. */

/** The day `days` after `day` (negative: before), in calendar arithmetic: no time zone is involved. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}
