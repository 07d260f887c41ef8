/**
 * Every "now" in the domain comes from here, so runs can be replayed for a past date and tests
 * control time. Database leases use the database clock instead, which all instances share.
 */
export abstract class Clock {
  abstract now(): Date;

  /** The calendar day (`YYYY-MM-DD`) it is now in the given IANA time zone. */
  today(timeZone: string): string {
    return calendarDayIn(this.now(), timeZone);
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still until moved; for tests and replays. */
export class FixedClock extends Clock {
  constructor(private instant: Date) {
    super();
  }
  now(): Date {
    return new Date(this.instant.getTime());
  }
  set(instant: Date): void {
    this.instant = instant;
  }
  advance(milliseconds: number): void {
    this.instant = new Date(this.instant.getTime() + milliseconds);
  }
}

/** One formatter per time zone (en-CA formats as YYYY-MM-DD): building one costs far more than using it. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function calendarDayIn(instant: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(instant);
}
