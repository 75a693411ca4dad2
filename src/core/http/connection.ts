/** How requests connect: TLS and proxy settings (shared by the options and the connection pool). */

/** A client certificate to present: PEM certificate and key files, or a PKCS#12 (`.pfx`/`.p12`) file. */
export type ClientCertificate =
  | { readonly certFile: string; readonly keyFile: string; readonly passphrase?: string }
  | { readonly pfxFile: string; readonly passphrase?: string };

export interface TlsOptions {
  /** Accept any server certificate (expired, self-signed, for another host). Off by default. */
  readonly allowInvalidCertificates?: boolean;
  /** A PEM file of extra certificate authorities, trusted besides Node's own. */
  readonly caFile?: string;
  readonly clientCert?: ClientCertificate;
}

export interface ProxyOptions {
  /** The proxy for every request (VS Code's `http.proxy`); without it HTTP_PROXY/HTTPS_PROXY/NO_PROXY apply. */
  readonly url?: string;
  /** When false, certificates are not checked on requests that go through the proxy (`http.proxyStrictSSL`). */
  readonly strictSSL?: boolean;
  /** Hosts reached without the proxy, as NO_PROXY writes them (`localhost,.internal.example,10.0.0.1:8080`). */
  readonly noProxy?: string;
}
