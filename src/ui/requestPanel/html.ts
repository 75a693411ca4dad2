import * as vscode from 'vscode';
import { pageHtml } from './pageHtml';

/** The panel's page: strict CSP, one script by nonce, styles and the icon font only from the extension. */
export function requestPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const uri = (...segments: string[]): string =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...segments)).toString();
  return pageHtml({
    cspSource: webview.cspSource,
    nonce: crypto.randomUUID().replace(/-/g, ''),
    scriptUri: uri('dist', 'webview', 'requestPanel.js'),
    styleUri: uri('media', 'requestPanel.css'),
    codiconUri: uri('dist', 'webview', 'codicon.css'),
  });
}
