/**
 * Search in the response body: matches are marked by splitting the text into text nodes and `<mark>` elements made
 * with DOM calls (never markup), with next and previous. At most MAX_MARKS matches are marked; the count says so.
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
    let at = 0;
    const fragment = document.createDocumentFragment();
    for (const start of found) {
      if (start > at) fragment.appendChild(document.createTextNode(this.text.slice(at, start)));
      const mark = h('mark', {}, this.text.slice(start, start + this.query.length));
      this.marks.push(mark);
      fragment.appendChild(mark);
      at = start + this.query.length;
    }
    if (at < this.text.length) fragment.appendChild(document.createTextNode(this.text.slice(at)));
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
