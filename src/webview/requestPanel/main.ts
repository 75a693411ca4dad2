/**
 * The request panel's page: the request form over the response, wired to the host through the typed protocol
 * (panelProtocol.ts). Ctrl/Cmd+Enter sends from anywhere, Escape cancels a send on its way.
 */
import './elements';
import { h } from './dom';
import { wholeDraft } from './draftShape';
import { Host } from './host';
import type { HostMessage } from './panelProtocol';
import { RequestForm } from './requestForm';
import { ResponsePane } from './response';

const host = new Host();
let sending = false;

const notice = h('div', { id: 'notice', class: 'note', role: 'status' });

const form = new RequestForm({
  onChange: () => saveState(),
  send: () => send(),
  cancel: () => cancel(),
  importCurl: (text) => host.post({ type: 'curl/import', text }),
  copyCurl: () => host.post({ type: 'curl/copy', draft: form.get() }),
  selectEnvironment: (name) => host.post({ type: 'environment/select', name }),
  storeSecret: (field, value) => host.post({ type: 'auth/secret', field, value }),
  pickFile: (purpose, row) =>
    host.post(row === undefined ? { type: 'file/pick', purpose } : { type: 'file/pick', purpose, row }),
});

const response = new ResponsePane({
  open: () => host.post({ type: 'response/open' }),
  save: () => host.post({ type: 'response/save' }),
  copy: () => host.post({ type: 'response/copy' }),
});

function saveState(): void {
  host.changed({ draft: form.get(), disabledParams: form.keptParams });
}

function send(): void {
  if (sending) return;
  form.auth.commitSecrets();
  saveState();
  host.flush();
  host.post({ type: 'request/send', draft: form.get() });
}

function cancel(): void {
  if (sending) host.post({ type: 'request/cancel' });
}

function setSending(on: boolean): void {
  sending = on;
  form.line.setSending(on);
}

function receive(message: HostMessage): void {
  switch (message.type) {
    case 'draft/restore':
      form.set(wholeDraft(message.draft, form.get().id || crypto.randomUUID()), form.keptParams);
      form.setContext(message.context);
      host.changed({ draft: form.get(), disabledParams: form.keptParams });
      break;
    case 'context/changed':
      form.setContext(message.context);
      break;
    case 'variables/unresolved':
      form.line.setUnresolved(message.names);
      break;
    case 'request/sending':
      setSending(true);
      response.sending();
      break;
    case 'response/show':
      setSending(false);
      response.show(message.response);
      break;
    case 'request/failed':
      setSending(false);
      response.failed(message.code, message.message);
      break;
    case 'curl/imported':
      form.set(wholeDraft({ ...message.draft, id: form.get().id }, form.get().id));
      form.line.curlImported(message.ignored);
      saveState();
      break;
    case 'curl/failed':
      form.line.curlFailed(message.message);
      break;
    case 'file/picked':
      form.body.filePicked(message.purpose, message.row, message.path);
      break;
    case 'notice':
      notice.textContent = message.message;
      break;
  }
}

document.body.appendChild(h('main', {}, form.element, notice, response.element));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data;
  if (data !== null && typeof data === 'object' && typeof (data as { type?: unknown }).type === 'string') {
    receive(data as HostMessage);
  }
});

// Capture phase: the keys reach here before any control (a text area, a select) can keep them.
document.addEventListener(
  'keydown',
  (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.stopPropagation();
      send();
    } else if (event.key === 'Escape' && sending) {
      event.preventDefault();
      cancel();
    }
  },
  true,
);

const saved = host.restore();
if (saved) form.set(saved.draft, saved.disabledParams);
else form.set(wholeDraft({}, crypto.randomUUID()));
host.post({ type: 'panel/ready' });
