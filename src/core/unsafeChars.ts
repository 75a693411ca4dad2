/**
 * Characters that must not reach a line a person reads as they are: C0 controls other than tab, DEL and
 * C1 controls, the soft hyphen, zero-width and bidirectional marks and overrides, the deprecated format
 * controls (U+206A–206F), line and paragraph separators, the Hangul fillers, the byte-order mark, the
 * interlinear annotation controls (U+FFF9–FFFB) and the tag characters (U+E0000–E007F). They end a line,
 * move a terminal's cursor, start an escape sequence, hide text or reorder it. Every place that shows or
 * exports text from the network escapes or replaces this same set.
 *
 * The tag characters lie beyond the basic plane: every pattern here has the `u` flag, so one of them is
 * matched (and replaced) whole, never half of its surrogate pair.
 */
const C0_BUT_TAB = '\\u0000-\\u0008\\u000a-\\u001f';
const BEYOND_C0 =
  '\\u007f-\\u009f\\u00ad\\u061c\\u115f\\u1160\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164' +
  '\\ufeff\\uffa0\\ufff9-\\ufffb\\u{e0000}-\\u{e007f}';
const UNSAFE_CHARS = C0_BUT_TAB + BEYOND_C0;

/** `flags` with `u`: the class holds characters beyond the basic plane. */
function unicodeFlags(flags: string): string {
  return flags.includes('u') ? flags : `${flags}u`;
}

/**
 * The unsafe characters other than C0 controls: what JSON.stringify writes as they are (it escapes every C0
 * control itself, and the line breaks of indented JSON are its own), or what text without C0 controls may hold.
 */
export function unsafeCharsBeyondC0(flags = 'g'): RegExp {
  return new RegExp(`[${BEYOND_C0}]`, unicodeFlags(flags));
}

/** The unsafe characters a multi-line text may not hold: all of them but tab, line feed and carriage return. */
export function unsafeCharsInText(flags = 'g'): RegExp {
  return new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f${BEYOND_C0}]`, unicodeFlags(flags));
}

/**
 * `\uXXXX`: a character written as a JSON-style escape; one beyond the basic plane (a tag character) as the
 * escapes of its two surrogates, which JSON reads back as that one character.
 */
export function unicodeEscape(c: string): string {
  let escaped = '';
  for (let i = 0; i < c.length; i++) escaped += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return escaped;
}

/** Matches one unsafe character, or one of `extra` (characters for a class, e.g. `\\t` for tab as well). */
export function unsafeChars(extra = '', flags = 'g'): RegExp {
  return new RegExp(`[${extra}${UNSAFE_CHARS}]`, unicodeFlags(flags));
}
