/**
 * Characters that must not reach a line a person reads as they are: C0 controls other than tab, DEL and
 * C1 controls, zero-width and bidirectional marks and overrides, line and paragraph separators, and the
 * byte-order mark. They end a line, move a terminal's cursor, start an escape sequence, hide text or
 * reorder it. Every place that shows or exports text from the network escapes or replaces this same set.
 */
const C0_BUT_TAB = '\\u0000-\\u0008\\u000a-\\u001f';
const BEYOND_C0 = '\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';
const UNSAFE_CHARS = C0_BUT_TAB + BEYOND_C0;

/**
 * The unsafe characters other than C0 controls: what JSON.stringify writes as they are (it escapes every C0
 * control itself, and the line breaks of indented JSON are its own), or what text without C0 controls may hold.
 */
export function unsafeCharsBeyondC0(flags = 'g'): RegExp {
  return new RegExp(`[${BEYOND_C0}]`, flags);
}

/** The unsafe characters a multi-line text may not hold: all of them but tab, line feed and carriage return. */
export function unsafeCharsInText(flags = 'g'): RegExp {
  return new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f${BEYOND_C0}]`, flags);
}

/** `\uXXXX`: a character (of the basic plane, as all unsafe ones are) written as a JSON-style escape. */
export function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Matches one unsafe character, or one of `extra` (characters for a class, e.g. `\\t` for tab as well). */
export function unsafeChars(extra = '', flags = 'g'): RegExp {
  return new RegExp(`[${extra}${UNSAFE_CHARS}]`, flags);
}
