/**
 * Dates as REST Client's `{{$datetime …}}` and `{{$localDatetime …}}` write them: `rfc1123`, `iso8601`, or a
 * format of day.js tokens (`YYYY-MM-DD HH:mm:ss`, `[literal]`), in UTC or in this machine's time zone.
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The tokens, longest first so that `YYYY` is read before `YY`; `[…]` is text kept as written. */
const TOKENS = /\[([^\]]*)\]|YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|d|HH|H|hh|h|mm|m|ss|s|SSS|A|a|ZZ|Z|X|x/g;

interface Fields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  readonly ms: number;
  /** Minutes east of UTC. */
  readonly offset: number;
}

function fieldsOf(at: number, local: boolean): Fields {
  const d = new Date(at);
  if (local) {
    return {
      year: d.getFullYear(),
      month: d.getMonth(),
      day: d.getDate(),
      weekday: d.getDay(),
      hours: d.getHours(),
      minutes: d.getMinutes(),
      seconds: d.getSeconds(),
      ms: d.getMilliseconds(),
      offset: -d.getTimezoneOffset(),
    };
  }
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(),
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hours: d.getUTCHours(),
    minutes: d.getUTCMinutes(),
    seconds: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
    offset: 0,
  };
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

function zone(offset: number, colon: boolean): string {
  const sign = offset < 0 ? '-' : '+';
  const hours = pad(Math.floor(Math.abs(offset) / 60));
  const minutes = pad(Math.abs(offset) % 60);
  return `${sign}${hours}${colon ? ':' : ''}${minutes}`;
}

function token(t: string, f: Fields, at: number): string {
  const h12 = f.hours % 12 === 0 ? 12 : f.hours % 12;
  switch (t) {
    case 'YYYY':
      return pad(f.year, 4);
    case 'YY':
      return pad(f.year % 100);
    case 'MMMM':
      return LONG_MONTHS[f.month] ?? '';
    case 'MMM':
      return MONTHS[f.month] ?? '';
    case 'MM':
      return pad(f.month + 1);
    case 'M':
      return String(f.month + 1);
    case 'DD':
      return pad(f.day);
    case 'D':
      return String(f.day);
    case 'dddd':
      return LONG_DAYS[f.weekday] ?? '';
    case 'ddd':
      return DAYS[f.weekday] ?? '';
    case 'd':
      return String(f.weekday);
    case 'HH':
      return pad(f.hours);
    case 'H':
      return String(f.hours);
    case 'hh':
      return pad(h12);
    case 'h':
      return String(h12);
    case 'mm':
      return pad(f.minutes);
    case 'm':
      return String(f.minutes);
    case 'ss':
      return pad(f.seconds);
    case 's':
      return String(f.seconds);
    case 'SSS':
      return pad(f.ms, 3);
    case 'A':
      return f.hours < 12 ? 'AM' : 'PM';
    case 'a':
      return f.hours < 12 ? 'am' : 'pm';
    case 'ZZ':
      return zone(f.offset, false);
    case 'Z':
      return zone(f.offset, true);
    case 'X':
      return String(Math.floor(at / 1000));
    default:
      return String(at); // 'x': milliseconds
  }
}

/** `at` (ms since the epoch) in `format`: day.js tokens, `[text]` kept as written, anything else as it is. */
export function formatDate(at: number, format: string, local: boolean): string {
  const f = fieldsOf(at, local);
  return format.replace(TOKENS, (match: string, literal: string | undefined) =>
    literal !== undefined ? literal : token(match, f, at),
  );
}

/** `rfc1123`, `iso8601` or a day.js format, as REST Client writes `$datetime` (UTC) and `$localDatetime`. */
export function namedDate(at: number, format: string, local: boolean): string {
  if (format === 'rfc1123') {
    return local ? formatDate(at, 'ddd, DD MMM YYYY HH:mm:ss ZZ', true) : new Date(at).toUTCString();
  }
  if (format === 'iso8601') {
    return local ? formatDate(at, 'YYYY-MM-DDTHH:mm:ss.SSSZ', true) : new Date(at).toISOString();
  }
  return formatDate(at, format, local);
}
