/**
 * Search in the response body: matches are marked by splitting the text into text nodes and `<mark>` elements made
 * with DOM calls (never markup), with next and previous. At most MAX_MARKS matches are marked; the count says so.
 * The text is shown in chunks of lines, so a long body costs layout only where it is on screen.
 */
import { clear, h } from './dom';

const MAX_MARKS = 5000;

export class BodySearch {
  private text = '';
  private query = '';
  private marks: HTMLElement[] = [];
  private current = -1;

  constructor(
    private readonly target: HTMLElement,
    private readonly count: HTMLElement,
  ) {}

  /** Shows `text` in the target, marking the current query in it. */
  setText(text: string): void {
    this.text = text;
    this.draw();
  }

  find(query: string): void {
    this.query = query;
    this.draw();
  }

  next(): void {
    this.move(1);
  }

  previous(): void {
    this.move(-1);
  }

  private draw(): void {
    clear(this.target);
    this.marks = [];
    this.current = -1;
    const found = this.query === '' ? [] : matches(this.text, this.query);
    const fragment = document.createDocumentFragment();
    let next = 0;
    for (const [start, end] of chunks(this.text)) {
      const chunk = h('div', { class: 'chunk' });
      // Off-screen chunks skip layout until scrolled to; their height is guessed from their lines until then.
      chunk.style.setProperty('contain-intrinsic-size', `auto ${lineCount(this.text, start, end)}lh`);
      let at = start;
      while (next < found.length && (found[next] as number) < end) {
        const from = found[next] as number;
        const to = Math.min(from + this.query.length, end);
        if (from > at) chunk.appendChild(document.createTextNode(this.text.slice(at, from)));
        const mark = h('mark', {}, this.text.slice(from, to));
        this.marks.push(mark);
        chunk.appendChild(mark);
        at = to;
        next++;
      }
      if (at < end) chunk.appendChild(document.createTextNode(this.text.slice(at, end)));
      fragment.appendChild(chunk);
    }
    this.target.appendChild(fragment);
    if (this.marks.length > 0) this.move(1);
    else this.showCount(found.length);
  }

  private move(step: number): void {
    if (this.marks.length === 0) return;
    this.marks[this.current]?.classList.remove('current');
    this.current = (this.current + step + this.marks.length) % this.marks.length;
    const mark = this.marks[this.current];
    mark?.classList.add('current');
    mark?.scrollIntoView({ block: 'nearest' });
    this.showCount(this.marks.length);
  }

  private showCount(total: number): void {
    if (this.query === '') this.count.textContent = '';
    else if (total === 0) this.count.textContent = 'No results';
    else {
      const more = total >= MAX_MARKS ? '+' : '';
      this.count.textContent = `${this.current + 1} of ${total}${more}`;
    }
  }
}

/** Lines per chunk of the shown body: the browser lays out only the chunks on screen. */
const CHUNK_LINES = 400;

/** The body cut at line ends into chunks of CHUNK_LINES lines (a match never spans a line end: the box has one line). */
function chunks(text: string): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  let start = 0;
  while (start < text.length) {
    let end = start;
    for (let line = 0; line < CHUNK_LINES && end < text.length; line++) {
      const newline = text.indexOf('\n', end);
      end = newline < 0 ? text.length : newline + 1;
    }
    out.push([start, end]);
    start = end;
  }
  return out;
}

function lineCount(text: string, start: number, end: number): number {
  let count = 1;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end - 1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Where `query` starts in `text`, ignoring case when lower-casing keeps lengths (it does for nearly all text). */
export function matches(text: string, query: string): number[] {
  const lowerText = text.toLowerCase();
  const lowerQuery = query.toLowerCase();
  const caseless = lowerText.length === text.length && lowerQuery.length === query.length;
  const haystack = caseless ? lowerText : text;
  const needle = caseless ? lowerQuery : query;
  const found: number[] = [];
  let from = 0;
  while (found.length < MAX_MARKS) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) break;
    found.push(at);
    from = at + needle.length;
  }
  return found;
}
