/**
 * Calendar arithmetic for the RTC without Date objects (a port read must not allocate):
 * seconds since 1970-01-01 UTC to and from the fields the MC146818 keeps, with the
 * proleptic Gregorian calendar (H. Hinnant's days_from_civil / civil_from_days).
 */

/** RTC register indices of the time and date fields. */
export const SECONDS = 0x00;
export const MINUTES = 0x02;
export const HOURS = 0x04;
export const WEEKDAY = 0x06;
export const DAY = 0x07;
export const MONTH = 0x08;
export const YEAR = 0x09;
/** The century byte QEMU and the ACPI FADT (CENTURY field) put at 0x32. */
export const CENTURY = 0x32;

/** Days since 1970-01-01 of a date (month 1-12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * One field (by RTC register index) of the date `seconds` after 1970-01-01 UTC, as a plain
 * number: seconds, minutes, hours 0-23, weekday 1-7 from Sunday, day, month, year % 100,
 * century.
 */
export function dateField(seconds: number, index: number): number {
  const days = Math.floor(seconds / 86400);
  const rem = seconds - days * 86400;
  switch (index) {
    case SECONDS:
      return rem % 60;
    case MINUTES:
      return Math.floor(rem / 60) % 60;
    case HOURS:
      return Math.floor(rem / 3600);
    case WEEKDAY:
      // 1970-01-01 was a Thursday.
      return ((((days + 4) % 7) + 7) % 7) + 1;
  }
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  if (index === DAY) return doy - Math.floor((153 * mp + 2) / 5) + 1;
  if (index === MONTH) return month;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return index === YEAR ? year % 100 : Math.floor(year / 100);
}

export function toBcd(v: number): number {
  return ((Math.floor(v / 10) % 10) << 4) | (v % 10);
}

export function fromBcd(v: number): number {
  return (v >> 4) * 10 + (v & 0xf);
}
