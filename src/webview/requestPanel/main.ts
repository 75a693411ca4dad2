import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import { emptyDraft, isDraft, type HostToPage, type PageToHost, type RequestDraft } from './protocol';

interface VsCodeApi {
  postMessage(message: PageToHost): void;
  getState(): unknown;
  setState(state: RequestDraft): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

function field<T extends HTMLElement & { value: string }>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`Missing #${id}`);
  return element as T;
}

const method = field('method');
const url = field('url');
const headers = field('headers');
const body = field('body');
const send = document.getElementById('send') as HTMLElement;
const cancel = document.getElementById('cancel') as HTMLElement;
const openBody = document.getElementById('open-body') as HTMLElement;
const bodyNote = document.getElementById('body-note') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
const responseHeaders = document.getElementById('response-headers') as HTMLElement;
const responseBody = document.getElementById('response-body') as HTMLElement;

function readDraft(): RequestDraft {
  return { method: method.value, url: url.value, headers: headers.value, body: body.value };
}

function showDraft(draft: RequestDraft): void {
  method.value = draft.method;
  url.value = draft.url;
  headers.value = draft.headers;
  body.value = draft.body;
}

function saveDraft(): void {
  const draft = readDraft();
  vscode.setState(draft);
  vscode.postMessage({ type: 'draft/changed', draft });
}

/** Whether a request is on its way: another is not sent until it is answered or cancelled. */
let sending = false;

function sendRequest(): void {
  if (sending) return;
  saveDraft();
  vscode.postMessage({ type: 'request/send', draft: readDraft() });
}

function cancelRequest(): void {
  if (sending) vscode.postMessage({ type: 'request/cancel' });
}

function setSending(on: boolean): void {
  sending = on;
  if (on) send.setAttribute('disabled', '');
  else send.removeAttribute('disabled');
  cancel.hidden = !on;
}

function showBodyNote(text: string | undefined): void {
  bodyNote.textContent = text ?? '';
  bodyNote.hidden = text === undefined;
}

function render(message: HostToPage): void {
  switch (message.type) {
    case 'draft/restore':
      showDraft(message.draft);
      vscode.setState(message.draft);
      break;
    case 'request/sending':
      setSending(true);
      status.textContent = 'Sending… (Escape cancels)';
      status.className = 'status';
      break;
    case 'response/show': {
      const r = message.response;
      setSending(false);
      status.textContent = `${r.status} · ${r.totalMs.toFixed(0)} ms (first byte ${r.firstByteMs.toFixed(0)} ms) · ${r.size} bytes${r.truncated ? ' (cut)' : ''}`;
      status.className = r.status < 400 ? 'status ok' : 'status bad';
      responseHeaders.textContent = r.headers.map(([n, v]) => `${n}: ${v}`).join('\n');
      responseBody.textContent = r.body;
      openBody.hidden = r.size === 0;
      showBodyNote(
        r.bodyCut &&
          `Showing the first ${r.bodyCut.shownChars.toLocaleString('en-US')} of ${r.bodyCut.totalChars.toLocaleString('en-US')} characters: Open in Editor shows all of it.`,
      );
      break;
    }
    case 'request/failed':
      setSending(false);
      status.textContent = `${message.message} (${message.code})`;
      status.className = 'status bad';
      responseHeaders.textContent = '';
      responseBody.textContent = '';
      openBody.hidden = true;
      showBodyNote(undefined);
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<HostToPage>) => render(event.data));
send.addEventListener('click', sendRequest);
cancel.addEventListener('click', cancelRequest);
openBody.addEventListener('click', () => vscode.postMessage({ type: 'response/open' }));
url.addEventListener('keydown', (event) => {
  const key = event as KeyboardEvent;
  if (key.key === 'Enter' && !key.ctrlKey && !key.metaKey) sendRequest();
});
// Ctrl+Enter (Cmd+Enter on macOS) sends from any field, the body included; Escape cancels a request on its way.
document.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    sendRequest();
  } else if (event.key === 'Escape' && sending) {
    event.preventDefault();
    cancelRequest();
  }
});
for (const element of [method, url, headers, body]) element.addEventListener('change', saveDraft);

const saved = vscode.getState();
showDraft(isDraft(saved) ? saved : emptyDraft);
vscode.postMessage({ type: 'panel/ready' });
