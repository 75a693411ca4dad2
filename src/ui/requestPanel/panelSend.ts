import type { ExchangeHistory } from '../../core/model/history';
import type { PulledExchange } from '../../core/model/pulled';
import { PullRefusal } from '../../core/pull/outcome';
import type { ResponseView } from '../../webview/requestPanel/panelProtocol';
import { MAX_SHOWN_BYTES, responseView, wantsImage } from './responseView';

/** The refusal of a draft that uses `{{names}}` the selected environment (`environment`, '' for none) lacks. */
export function unresolvedRefusal(names: readonly string[], environment: string): PullRefusal {
  const list = names.map((n) => `{{${n}}}`).join(', ');
  const one = names.length === 1;
  const where = environment ? `the environment "${environment}" or in $shared` : '$shared (no environment is selected)';
  return new PullRefusal(
    'UNRESOLVED_VARIABLES',
    `Not sent: ${list} ${one ? 'is' : 'are'} not defined in ${where}. Define ${one ? 'it' : 'them'} in the setting pushpull.environments or pick another environment.`,
    names,
  );
}

/** What the page shows of a kept answer: the start of its body read from the history, all of a small image. */
export async function shownResponse(history: ExchangeHistory, exchange: PulledExchange): Promise<ResponseView> {
  const head = (await history.readBody(exchange.id, 'decoded', MAX_SHOWN_BYTES)) ?? new Uint8Array();
  const whole = wantsImage(exchange.response) ? await history.readBody(exchange.id) : undefined;
  return responseView(exchange.id, exchange.response, { head, ...(whole ? { image: whole } : {}) });
}
