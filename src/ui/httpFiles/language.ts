import type * as vscode from 'vscode';

/** The language id of `.http` and `.rest` files (the same id REST Client and httpYac use). */
export const HTTP_LANGUAGE = 'http';

/** What the providers register for: `.http` files on disk and in untitled and virtual documents alike. */
export const HTTP_SELECTOR: vscode.DocumentSelector = { language: HTTP_LANGUAGE };
