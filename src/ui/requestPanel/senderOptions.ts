import * as vscode from 'vscode';
import type { RequestDraft } from '../../webview/requestPanel/panelProtocol';
import { CLIENT_CERT_PASSPHRASE_KEY } from './requestSecrets';
import { readRequestSettings, type RequestSettings } from './senderSettings';

/** The sender's options for one draft, before the session adds its signal. */
export interface PanelSendOptions {
  readonly timeoutMs: number;
  readonly maxBodyBytes?: number;
  readonly spillDir: string;
  readonly followRedirects: boolean;
  readonly userAgent: string;
  readonly acceptEncoding?: string;
  readonly tls: {
    readonly allowInvalidCertificates: boolean;
    readonly caFile?: string;
    readonly clientCert?:
      | { readonly certFile: string; readonly keyFile: string }
      | { readonly pfxFile: string; readonly passphrase?: string };
  };
  readonly proxy: RequestSettings['proxy'];
}

/** Settings, the draft's own choices, the spill folder and the PFX passphrase, as the sender takes them. */
export async function panelSendOptions(
  draft: RequestDraft,
  version: string,
  spillDir: string,
  secrets: vscode.SecretStorage,
): Promise<PanelSendOptions> {
  const settings = readRequestSettings(version);
  const certificate = settings.clientCertificate;
  let clientCert: PanelSendOptions['tls']['clientCert'];
  if (certificate && 'pfxFile' in certificate) {
    const passphrase = await secrets.get(CLIENT_CERT_PASSPHRASE_KEY);
    clientCert = { pfxFile: certificate.pfxFile, ...(passphrase ? { passphrase } : {}) };
  } else clientCert = certificate;
  return {
    timeoutMs: settings.timeoutMs,
    ...(settings.maxBodyBytes !== undefined ? { maxBodyBytes: settings.maxBodyBytes } : {}),
    spillDir,
    followRedirects: draft.options.followRedirects,
    userAgent: settings.userAgent,
    ...(settings.acceptEncoding ? { acceptEncoding: settings.acceptEncoding } : {}),
    tls: {
      allowInvalidCertificates: draft.options.allowInvalidCertificates,
      ...(settings.caFile ? { caFile: settings.caFile } : {}),
      ...(clientCert ? { clientCert } : {}),
    },
    proxy: settings.proxy,
  };
}
