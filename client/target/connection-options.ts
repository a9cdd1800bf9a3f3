import { readFileSync } from 'node:fs';
import type { ResolvedConfig } from '../../config/index.js';

/** What both the client's Connection and the worker's NativeConnection need to reach a cluster. */
export interface TemporalConnectionOptions {
  address: string;
  namespace: string;
  tls?: { clientCertPair: { crt: Buffer; key: Buffer }; serverRootCACertificate?: Buffer; serverNameOverride?: string } | true;
  apiKey?: string;
}

/** Connection options for a configured cluster (TLS client certificates and/or API key). */
export function clusterConnectionOptions(config: ResolvedConfig, address: string): TemporalConnectionOptions {
  const { tls, apiKey, namespace } = config.temporal;
  return {
    address,
    namespace,
    apiKey,
    // An API key implies TLS (Temporal Cloud); client certificates are mTLS.
    tls: tls
      ? {
          clientCertPair: { crt: readFileSync(tls.certPath), key: readFileSync(tls.keyPath) },
          serverRootCACertificate: tls.caPath ? readFileSync(tls.caPath) : undefined,
          serverNameOverride: tls.serverName,
        }
      : apiKey
        ? true
        : undefined,
  };
}
