/**
 * The request panel's HTML, without VS Code: the page builds its form itself (src/webview/requestPanel), so this is
 * the Content-Security-Policy, the stylesheets and the script. The page test loads the same HTML in Chromium.
 */
export interface PageHtmlParts {
  /** `webview.cspSource`: where the styles, fonts and images of the extension come from. */
  readonly cspSource: string;
  /** A fresh random value per page load; the only script allowed carries it. */
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** codicon.css, whose font the icons use; @vscode-elements finds it by its id. */
  readonly codiconUri: string;
}

function attr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function pageCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    // Preview shows an image response from the data: URI the host makes; nothing else loads images.
    `img-src data: ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function pageHtml(parts: PageHtmlParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(pageCsp(parts.cspSource, parts.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(parts.codiconUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${attr(parts.styleUri)}">
<title>PushPull Request</title>
</head>
<body>
<script nonce="${attr(parts.nonce)}" src="${attr(parts.scriptUri)}"></script>
</body>
</html>`;
}
