import type * as vscode from 'vscode';
import type { PullOptions } from '../../core/http/options';
import type { ConnectionPool, PullCookieJar } from '../../core/http';
import type { RequestDraft } from '../../webview/requestPanel/panelProtocol';
import { CLIENT_CERT_PASSPHRASE_KEY } from './requestSecrets';
import { readRequestSettings } from './senderSettings';

/** What the options are made with besides the settings: the spill folder, the pool, the cookie jar. */
export interface SendResources {
  readonly spillDir: string;
  readonly pool?: ConnectionPool;
  /** The workspace's jar, asked for only when the cookies setting is on. */
  readonly cookieJar: () => Promise<PullCookieJar>;
}

/** The settings, the draft's own choices, the PFX passphrase and the resources, as the sender takes them. */
export async function panelSendOptions(
  draft: Pick<RequestDraft, 'options'>,
  version: string,
  secrets: vscode.SecretStorage,
  resources: SendResources,
): Promise<Omit<PullOptions, 'signal'>> {
  const settings = readRequestSettings(version);
  const certificate = settings.clientCertificate;
  let clientCert: NonNullable<PullOptions['tls']>['clientCert'];
  if (certificate && 'pfxFile' in certificate) {
    const passphrase = await secrets.get(CLIENT_CERT_PASSPHRASE_KEY);
    clientCert = { pfxFile: certificate.pfxFile, ...(passphrase ? { passphrase } : {}) };
  } else clientCert = certificate;
  return {
    timeoutMs: settings.timeoutMs,
    ...(settings.maxBodyBytes !== undefined ? { maxBodyBytes: settings.maxBodyBytes } : {}),
    spillDir: resources.spillDir,
    followRedirects: draft.options.followRedirects,
    userAgent: settings.userAgent,
    ...(settings.acceptEncoding ? { acceptEncoding: settings.acceptEncoding } : {}),
    tls: {
      allowInvalidCertificates: draft.options.allowInvalidCertificates,
      ...(settings.caFile ? { caFile: settings.caFile } : {}),
      ...(clientCert ? { clientCert } : {}),
    },
    proxy: settings.proxy,
    ...(resources.pool ? { pool: resources.pool } : {}),
    ...(settings.cookies ? { cookieJar: await resources.cookieJar() } : {}),
  };
}
