import { headerValue, type HeaderPairs } from '../model/headers';

/** What one hook says of itself: the provider's delivery id, the resource it is about and when the event happened. */
export interface DeliveryFacts {
  /** `github:…`, `stripe:…`, `webhook:…` (Standard Webhooks), `shopify:…`, `gitlab:…`, `slack:…`. */
  readonly deliveryId?: string;
  readonly resource?: string;
  /** ms since the epoch when the provider says the event happened. */
  readonly eventAt?: number;
}

/** How a hook stands among the hooks before it. */
export type DeliveryFlag = 'redelivery' | 'out-of-order';

/** The most characters of an id or resource kept (a sender chooses them). */
const MAX_ID = 200;
/** Bodies larger than this are not parsed for ids (Stripe, Slack): they are read within the view's budget. */
export const MAX_DELIVERY_BODY = 256 * 1024;

/**
 * The delivery id, resource and event time a hook carries: headers first (GitHub `X-GitHub-Delivery`, Standard
 * Webhooks `webhook-id` and `webhook-timestamp`, Shopify `X-Shopify-Webhook-Id` and `X-Shopify-Triggered-At`,
 * GitLab `X-Gitlab-Event-UUID`), then a small JSON body (Stripe event `id`, `created` and `data.object.id`; Slack
 * `event_id` and `event_time`; the `data.id` of Standard Webhooks and the `id` of Shopify).
 */
export function deliveryFacts(hook: { readonly headers: HeaderPairs }, body?: Uint8Array): DeliveryFacts {
  const h = (name: string): string | undefined => bounded(headerValue(hook, name));
  const json = body && body.length <= MAX_DELIVERY_BODY ? parsed(body) : undefined;
  const github = h('x-github-delivery');
  if (github) return { deliveryId: `github:${github}` };
  const standard = h('webhook-id');
  if (standard) {
    const data = record(json?.['data']);
    return facts(`webhook:${standard}`, text(data?.['id']), seconds(h('webhook-timestamp')));
  }
  const shopify = h('x-shopify-webhook-id');
  if (shopify) {
    const triggered = Date.parse(h('x-shopify-triggered-at') ?? '');
    return facts(`shopify:${shopify}`, text(json?.['id']), Number.isFinite(triggered) ? triggered : undefined);
  }
  const gitlab = h('x-gitlab-event-uuid');
  if (gitlab) return { deliveryId: `gitlab:${gitlab}` };
  if (!json) return {};
  const id = text(json['id']);
  if (id?.startsWith('evt_') && json['object'] === 'event') {
    const object = record(record(json['data'])?.['object']);
    return facts(`stripe:${id}`, text(object?.['id']), seconds(json['created']));
  }
  const slack = text(json['event_id']);
  if (slack) return facts(`slack:${slack}`, undefined, seconds(json['event_time']));
  return {};
}

/**
 * Flags hooks as they are fed oldest first: a delivery id seen before is a redelivery; an event time earlier than
 * the latest one seen for the same resource is out of order. Keeps one entry per delivery id and per resource,
 * and the flags of flagged hooks only (a view of 100,000 hooks holds little).
 */
export class DeliveryTracker {
  private readonly deliveries = new Set<string>();
  private readonly latest = new Map<string, number>();
  private readonly flagged = new Map<string, DeliveryFlag[]>();

  add(hookId: string, facts: DeliveryFacts): readonly DeliveryFlag[] {
    const flags: DeliveryFlag[] = [];
    if (facts.deliveryId !== undefined) {
      if (this.deliveries.has(facts.deliveryId)) flags.push('redelivery');
      else this.deliveries.add(facts.deliveryId);
    }
    if (facts.resource !== undefined && facts.eventAt !== undefined && !flags.includes('redelivery')) {
      const latest = this.latest.get(facts.resource);
      if (latest !== undefined && facts.eventAt < latest) flags.push('out-of-order');
      else this.latest.set(facts.resource, facts.eventAt);
    }
    if (flags.length > 0) this.flagged.set(hookId, flags);
    return flags;
  }

  flagsOf(hookId: string): readonly DeliveryFlag[] {
    return this.flagged.get(hookId) ?? [];
  }
}

/** Words for a row's description and tooltip, and for `hooks list`. */
export function deliveryFlagText(flags: readonly DeliveryFlag[]): string {
  return flags.map((flag) => (flag === 'redelivery' ? 'redelivery' : 'out of order')).join(', ');
}

function facts(deliveryId: string, resource: string | undefined, eventAt: number | undefined): DeliveryFacts {
  return {
    deliveryId,
    ...(resource === undefined ? {} : { resource }),
    ...(eventAt === undefined ? {} : { eventAt }),
  };
}

function parsed(body: Uint8Array): Record<string, unknown> | undefined {
  try {
    return record(JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')));
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.length > 0 ? value.slice(0, MAX_ID) : undefined;
}

function bounded(value: string | undefined): string | undefined {
  return value === undefined || value.length === 0 ? undefined : value.slice(0, MAX_ID);
}

/** Unix seconds (a number, or digits in a header) as ms. */
function seconds(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.round(n * 1000) : undefined;
}

/**
 * Delivery flags of a store's hooks as a view lists them (newest first), from headers alone (no body is read on
 * a refresh): fed only the hooks newer than the last update, started afresh when the list shrank (a delete, a
 * Clear). Hook ids sort by arrival.
 */
export class HookDeliveryFlags {
  private tracker = new DeliveryTracker();
  private newestId: string | undefined;
  private count = 0;

  update(newestFirst: ReadonlyArray<{ readonly id: string; readonly headers: HeaderPairs }>): void {
    if (newestFirst.length < this.count) {
      this.tracker = new DeliveryTracker();
      this.newestId = undefined;
    }
    this.count = newestFirst.length;
    let end = 0;
    while (end < newestFirst.length && (this.newestId === undefined || newestFirst[end]!.id > this.newestId)) end++;
    for (let i = end - 1; i >= 0; i--) this.tracker.add(newestFirst[i]!.id, deliveryFacts(newestFirst[i]!));
    if (end > 0) this.newestId = newestFirst[0]!.id;
  }

  flagsOf(hookId: string): readonly DeliveryFlag[] {
    return this.tracker.flagsOf(hookId);
  }
}
