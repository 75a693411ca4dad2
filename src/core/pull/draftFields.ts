import type { DraftRow, RequestDraft } from './draft';

/** A text of the draft that is sent, and where it is: `url`, `headers[2].value`, `body.form[0].name`, `auth.scope`… */
export interface DraftText {
  readonly field: string;
  readonly text: string;
}

/**
 * Every text of the draft that goes into the request, in the order it is sent: the URL, enabled header rows, the
 * fields of the selected body mode only, and the auth tab's fields. Row indexes count disabled rows too, as the
 * panel's tables show them.
 */
export function sentTexts(draft: RequestDraft): DraftText[] {
  const texts: DraftText[] = [{ field: 'url', text: draft.url }, ...rowTexts('headers', draft.headers)];
  const body = draft.body;
  switch (body.mode) {
    case 'json':
    case 'text':
    case 'xml':
      texts.push({ field: 'body.text', text: body.text });
      break;
    case 'form':
      texts.push(...rowTexts('body.form', body.form));
      break;
    case 'multipart':
      texts.push(...rowTexts('body.multipart', body.multipart));
      break;
    case 'binary':
      texts.push({ field: 'body.file', text: body.file });
      break;
    case 'graphql':
      texts.push({ field: 'body.graphql.query', text: body.graphql.query });
      texts.push({ field: 'body.graphql.variables', text: body.graphql.variables });
      break;
    case 'none':
      break;
  }
  const auth = draft.auth;
  if (auth.kind === 'basic') texts.push({ field: 'auth.username', text: auth.username });
  if (auth.kind === 'apiKey') texts.push({ field: 'auth.name', text: auth.name });
  if (auth.kind === 'oauth2') {
    texts.push({ field: 'auth.tokenUrl', text: auth.tokenUrl });
    texts.push({ field: 'auth.clientId', text: auth.clientId });
    texts.push({ field: 'auth.scope', text: auth.scope });
  }
  return texts;
}

function rowTexts(table: string, rows: readonly DraftRow[]): DraftText[] {
  const texts: DraftText[] = [];
  rows.forEach((row, index) => {
    if (!row.enabled) return;
    texts.push({ field: `${table}[${index}].name`, text: row.name });
    texts.push({ field: `${table}[${index}].value`, text: row.value });
  });
  return texts;
}
