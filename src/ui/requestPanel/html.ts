import * as vscode from 'vscode';
import { HTTP_METHODS } from '../../core/model/exchange';

/** The panel's page: strict CSP, one script by nonce, styles only from the extension. */
export function requestPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = crypto.randomUUID().replace(/-/g, '');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'requestPanel.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'requestPanel.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>PushPull Request</title>
</head>
<body>
<main>
  <div id="request" class="request">
    <div class="line">
      <vscode-single-select id="method" aria-label="Method">
        ${HTTP_METHODS.map((m) => `<vscode-option>${m}</vscode-option>`).join('')}
      </vscode-single-select>
      <vscode-textfield id="url" class="url" aria-label="URL" placeholder="https://api.example.com/items"></vscode-textfield>
      <vscode-button id="send" title="Send (Ctrl+Enter)">Send</vscode-button>
      <vscode-button id="cancel" secondary hidden title="Cancel (Escape)">Cancel</vscode-button>
    </div>
    <vscode-label for="headers">Headers (one "Name: value" per line)</vscode-label>
    <vscode-textarea id="headers" rows="3" monospace placeholder="Accept: application/json"></vscode-textarea>
    <vscode-label for="body">Body</vscode-label>
    <vscode-textarea id="body" rows="6" monospace></vscode-textarea>
  </div>
  <section class="response" aria-live="polite">
    <div class="line">
      <div id="status" class="status"></div>
      <vscode-button id="open-body" secondary hidden title="Open the whole body in an editor">Open in Editor</vscode-button>
    </div>
    <div id="body-note" class="note" hidden></div>
    <pre id="response-headers" class="headers"></pre>
    <pre id="response-body" class="body"></pre>
  </section>
</main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
