import * as vscode from 'vscode';
import { SettingError, settingValue, workspaceTrusted } from '../config';

/** A client certificate from the settings: PEM files, or a PFX file whose passphrase is in SecretStorage. */
export type ClientCertificateSetting =
  { readonly certFile: string; readonly keyFile: string } | { readonly pfxFile: string };

/** What the `pushpull.request.*` settings and VS Code's `http.*` proxy settings say, as the sender takes them. */
export interface RequestSettings {
  readonly timeoutMs: number;
  /** undefined: no cap. */
  readonly maxBodyBytes?: number;
  readonly userAgent: string;
  /** undefined: no Accept-Encoding added. */
  readonly acceptEncoding?: string;
  readonly caFile?: string;
  readonly clientCertificate?: ClientCertificateSetting;
  readonly cookies: boolean;
  readonly proxy: { readonly url?: string; readonly strictSSL: boolean; readonly noProxy?: string };
}

function text(config: vscode.WorkspaceConfiguration, key: string): string | undefined {
  const value = config.get<unknown>(key);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function whole(config: vscode.WorkspaceConfiguration, key: string, fallback: number, max: number): number {
  const value = config.get<unknown>(key, fallback);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max) return value;
  const setting = `pushpull.request.${key}`;
  throw new SettingError(
    setting,
    `The setting ${setting} must be a whole number from 0 to ${max}, not ${JSON.stringify(value)}.`,
  );
}

/** A trusted-only setting (caFile, clientCertificate, cookies): a workspace's own value only once it is trusted. */
function trustedOnly(key: string, fallback: unknown, trusted: boolean): unknown {
  return settingValue('pushpull.request', key, fallback, trusted);
}

function trustedText(key: string, trusted: boolean): string | undefined {
  const value = trustedOnly(key, undefined, trusted);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function clientCertificate(trusted: boolean): ClientCertificateSetting | undefined {
  const value = trustedOnly('clientCertificate', undefined, trusted);
  if (value === undefined || value === null) return undefined;
  const shape = typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const file = (key: string): string | undefined =>
    typeof shape[key] === 'string' && (shape[key] as string).trim() !== '' ? (shape[key] as string).trim() : undefined;
  const [certFile, keyFile, pfxFile] = [file('certFile'), file('keyFile'), file('pfxFile')];
  if (pfxFile && !certFile && !keyFile) return { pfxFile };
  if (certFile && keyFile && !pfxFile) return { certFile, keyFile };
  if (Object.keys(shape).length === 0) return undefined;
  throw new SettingError(
    'pushpull.request.clientCertificate',
    'The setting pushpull.request.clientCertificate must be {"certFile": "…", "keyFile": "…"} or {"pfxFile": "…"}.',
  );
}

/**
 * Reads the request settings; a value PushPull cannot use is a SettingError that names the setting. The CA file, client
 * certificate and cookies take a workspace's own value only when `trusted`.
 */
export function readRequestSettings(version: string, trusted = workspaceTrusted()): RequestSettings {
  const config = vscode.workspace.getConfiguration('pushpull.request');
  const http = vscode.workspace.getConfiguration('http');
  const timeoutSeconds = whole(config, 'timeoutSeconds', 30, 24 * 3600);
  const megabytes = whole(config, 'maxResponseMegabytes', 0, 1024 * 1024);
  const noProxy = http.get<unknown>('noProxy');
  const acceptEncoding = text(config, 'acceptEncoding');
  const caFile = trustedText('caFile', trusted);
  const certificate = clientCertificate(trusted);
  const proxyUrl = text(http, 'proxy');
  return {
    timeoutMs: Math.max(1, timeoutSeconds) * 1000,
    ...(megabytes > 0 ? { maxBodyBytes: megabytes * 1024 * 1024 } : {}),
    userAgent: text(config, 'userAgent') ?? `PushPull/${version}`,
    ...(acceptEncoding ? { acceptEncoding } : {}),
    ...(caFile ? { caFile } : {}),
    ...(certificate ? { clientCertificate: certificate } : {}),
    cookies: trustedOnly('cookies', false, trusted) === true,
    proxy: {
      ...(proxyUrl ? { url: proxyUrl } : {}),
      strictSSL: http.get<unknown>('proxyStrictSSL', true) !== false,
      ...(Array.isArray(noProxy) && noProxy.length
        ? { noProxy: noProxy.filter((v): v is string => typeof v === 'string').join(',') }
        : {}),
    },
  };
}
