/**
 * The timing breakdown as one stacked bar (DNS, connect, TLS, waiting for the first byte, download) with a label per
 * phase. A request over a reused connection says so instead of showing zeros for phases that did not happen.
 */
import { clear, h } from './dom';
import { formatMs } from './format';
import type { TimingsView } from './panelProtocol';

interface Phase {
  readonly key: string;
  readonly label: string;
  readonly ms: number | undefined;
}

export function phases(t: TimingsView): Phase[] {
  return [
    { key: 'dns', label: 'DNS', ms: t.dnsMs },
    { key: 'connect', label: 'Connect', ms: t.connectMs },
    { key: 'tls', label: 'TLS', ms: t.tlsMs },
    { key: 'wait', label: 'First byte', ms: t.firstByteMs },
    { key: 'download', label: 'Download', ms: t.downloadMs },
  ];
}

export function drawTimings(container: HTMLElement, t: TimingsView): void {
  clear(container);
  const shown = phases(t).filter((p) => p.ms !== undefined && Number.isFinite(p.ms) && p.ms >= 0);
  const sum = shown.reduce((total, p) => total + (p.ms ?? 0), 0);
  const scale = Math.max(sum, Number.isFinite(t.totalMs) ? t.totalMs : 0, 0.001);
  const bar = h('div', { class: 'timing-bar', role: 'img', 'aria-label': describe(shown, t) });
  const legend = h('ul', { class: 'timing-legend' });
  for (const p of shown) {
    const ms = p.ms ?? 0;
    const segment = h('span', { class: `segment ${p.key}`, title: `${p.label}: ${formatMs(ms)}` });
    segment.style.width = `${((ms / scale) * 100).toFixed(2)}%`;
    bar.appendChild(segment);
    legend.appendChild(
      h('li', {}, h('span', { class: `swatch ${p.key}` }), h('span', { class: 'phase' }, p.label), formatMs(ms)),
    );
  }
  legend.appendChild(h('li', { class: 'total' }, h('span', { class: 'phase' }, 'Total'), formatMs(t.totalMs)));
  container.appendChild(bar);
  container.appendChild(legend);
  if (t.reusedConnection) {
    container.appendChild(
      h(
        'div',
        { class: 'note', id: 'reused' },
        'Reused connection: no DNS lookup, connect or TLS handshake this time.',
      ),
    );
  }
}

function describe(shown: readonly Phase[], t: TimingsView): string {
  const parts = shown.map((p) => `${p.label} ${formatMs(p.ms ?? 0)}`);
  return `Timing: ${parts.join(', ')}; total ${formatMs(t.totalMs)}${t.reusedConnection ? ', reused connection' : ''}`;
}
