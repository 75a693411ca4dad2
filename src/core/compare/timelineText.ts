import type { Timeline, TimelinePaths } from './timeline';

/** The widest bar of the lead chart, in characters. */
const BAR_WIDTH = 40;
/** Rows the Markdown table shows at most (the JSON export has them all). */
const MAX_ROWS = 1000;

/**
 * The timeline as a Markdown document: figures, a table of changes, and a chart of the leads made of characters
 * (no HTML, no images). Keys and versions come from senders: they are escaped, and never reach the chart.
 */
export function timelineMarkdown(timeline: Timeline, paths: TimelinePaths): string {
  const lines: string[] = ['# Push vs pull timeline', ''];
  lines.push(
    `Push key ${code(paths.pushKey)}${paths.pushVersion ? `, version ${code(paths.pushVersion)}` : ''}; ` +
      `pull key ${code(paths.pullKey)}${paths.pullVersion ? `, version ${code(paths.pullVersion)}` : ''}` +
      `${paths.pushVersion ? '' : ' (a change is the content of the object holding the key)'}.`,
    '',
  );
  const seenBoth = timeline.changes.filter((c) => c.leadMs !== null).length;
  lines.push(
    '| Figure | Value |',
    '| --- | ---: |',
    `| Changes | ${timeline.changes.length} |`,
    `| Seen by both sides | ${seenBoth} |`,
    `| Median lead of push | ${timeline.medianLeadMs === null ? '—' : seconds(timeline.medianLeadMs)} |`,
    `| Polls | ${timeline.polls} |`,
    `| Polls that found nothing new | ${timeline.pollsWithoutChange} |`,
    `| Body bytes pushed | ${timeline.bytesPushed.toLocaleString('en-US')} |`,
    `| Body bytes pulled | ${timeline.bytesPulled.toLocaleString('en-US')} |`,
    '',
    '## Changes',
    '',
    '| # | Key | Version | Pushed | Pulled | Lead |',
    '| ---: | --- | --- | --- | --- | ---: |',
  );
  timeline.changes.slice(0, MAX_ROWS).forEach((c, i) => {
    lines.push(
      `| ${i + 1} | ${cell(c.key)} | ${cell(c.version)} | ${time(c.pushedAt)} | ${time(c.pulledAt)} | ${
        c.leadMs === null ? '—' : seconds(c.leadMs)
      } |`,
    );
  });
  if (timeline.changes.length > MAX_ROWS)
    lines.push('', `…and ${timeline.changes.length - MAX_ROWS} more (see the JSON).`);
  lines.push('', '## Lead of push over pull', '', ...leadChart(timeline), '');
  return `${lines.join('\n')}\n`;
}

/** One row per change seen on both sides: `#n ████ 12.0 s`; a lead below zero (pull first) is drawn with `░`. */
export function leadChart(timeline: Timeline): string[] {
  const leads = timeline.changes
    .map((c, i) => ({ n: i + 1, lead: c.leadMs }))
    .filter((row): row is { n: number; lead: number } => row.lead !== null)
    .slice(0, MAX_ROWS);
  if (leads.length === 0) return ['No change was seen by both a hook and a poll.'];
  const most = Math.max(1, ...leads.map((row) => Math.abs(row.lead)));
  const width = String(leads[leads.length - 1]!.n).length + 1;
  const rows = leads.map(({ n, lead }) => {
    const length = Math.max(lead === 0 ? 0 : 1, Math.round((Math.abs(lead) / most) * BAR_WIDTH));
    const bar = (lead >= 0 ? '█' : '░').repeat(length).padEnd(BAR_WIDTH);
    return `${`#${n}`.padStart(width)} ${bar} ${seconds(lead)}`;
  });
  return ['```text', ...rows, '```'];
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(Math.abs(ms) < 10_000 ? 2 : 1)} s`;
}

function time(at: number | null): string {
  return at === null ? '—' : new Date(at).toISOString().replace('T', ' ').replace('Z', '');
}

// Control characters, line and paragraph separators: a cell and a code span stay on one line.
// eslint-disable-next-line no-control-regex
const BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Sender text in a table cell: one line, Markdown and HTML characters escaped. */
function cell(text: string): string {
  return text
    .replace(BREAKING, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|~<>&]/g, (c) =>
      c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`,
    );
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(BREAKING, ' ')}\``;
}
