/**
 * Wall-clock time in an IANA time zone, with the built-in Intl data only: the offset of a zone at an
 * instant, and the instant of a local date and time (DST gaps move forward, overlaps take the
 * earlier instant). Days are numbered from 1970-01-01 so iteration needs no string parsing.
 */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Local time minus UTC at the instant, in milliseconds (e.g. +3,600,000 for Europe/Berlin in winter). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
  const wholeSeconds = Math.floor(instantMs / 1000) * 1000;
  return local - wholeSeconds;
}

/** The local calendar day number (days since 1970-01-01) at the instant. */
export function localDayNumber(instantMs: number, timeZone: string): number {
  return Math.floor((instantMs + zoneOffsetMs(instantMs, timeZone)) / DAY_MS);
}

/** `YYYY-MM-DD` of a day number. */
export function dayNumberToDate(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** The day number of a `YYYY-MM-DD`. */
export function dateToDayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(dayNumber: number): number {
  return new Date(dayNumber * DAY_MS).getUTCDay();
}

const HOUR_MS = 3_600_000;
/** Offsets sampled at k days minus 14 hours (UTC), per zone; consecutive days share samples. */
const sampledOffsets = new Map<string, Map<number, number>>();
const MAX_SAMPLES_PER_ZONE = 100_000;

function sampledOffset(k: number, timeZone: string): number {
  let samples = sampledOffsets.get(timeZone);
  if (!samples) {
    samples = new Map();
    sampledOffsets.set(timeZone, samples);
  }
  let offset = samples.get(k);
  if (offset === undefined) {
    if (samples.size >= MAX_SAMPLES_PER_ZONE) samples.clear();
    offset = zoneOffsetMs(k * DAY_MS - 14 * HOUR_MS, timeZone);
    samples.set(k, offset);
  }
  return offset;
}

/**
 * The zone's offset throughout the local day, or null when it may change that day. Offsets lie
 * within ±14 h, so the local day and its closing midnight fit between the two samples; equal samples
 * 72 hours apart mean no transition between them (zones never change twice in three days).
 */
function steadyOffset(dayNumber: number, timeZone: string): number | null {
  const before = sampledOffset(dayNumber, timeZone);
  return sampledOffset(dayNumber + 3, timeZone) === before ? before : null;
}

/**
 * The instant of `minuteOfDay` minutes after local midnight of the day (1440 = the next midnight).
 * A time that does not exist (spring forward) lands after the gap; a repeated one (fall back) takes
 * its first occurrence.
 */
export function localTimeToInstant(dayNumber: number, minuteOfDay: number, timeZone: string): number {
  const localMs = dayNumber * DAY_MS + minuteOfDay * MINUTE_MS;
  const steady = steadyOffset(dayNumber, timeZone);
  if (steady !== null) return localMs - steady;
  const offsetBefore = zoneOffsetMs(localMs - DAY_MS, timeZone);
  const offsetAfter = zoneOffsetMs(localMs + DAY_MS, timeZone);
  const candidates = [localMs - offsetBefore, localMs - offsetAfter].filter((instant) => instant + zoneOffsetMs(instant, timeZone) === localMs);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: read the wall time with the offset in force before the jump, which lands after it.
  return localMs - offsetBefore;
}
