import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/index.js';
import { clusterConnectionOptions } from '../../../client/target/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('cluster connection options', () => {
  const dir = tempDir('stockflow-tls-');
  const cert = path.join(dir, 'client.pem');
  const key = path.join(dir, 'client.key');
  writeFileSync(cert, 'CERT');
  writeFileSync(key, 'KEY');

  it('reads mTLS client certificates named by the environment', () => {
    const config = loadConfig({ env: { TEMPORAL_ADDRESS: 'ns.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns', TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: key }, cwd: dir });
    const options = clusterConnectionOptions(config, config.temporal.address!);
    expect(options.address).toBe('ns.tmprl.cloud:7233');
    expect(options.namespace).toBe('ns');
    expect(options.tls).toMatchObject({ clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') } });
  });

  it('turns TLS on for an API key', () => {
    const config = loadConfig({ env: { TEMPORAL_ADDRESS: 'eu.gcp.api.temporal.io:7233', TEMPORAL_API_KEY: 'secret' }, cwd: dir });
    expect(clusterConnectionOptions(config, config.temporal.address!)).toMatchObject({ apiKey: 'secret', tls: true });
  });

  it('connects in plain text to a cluster without either', () => {
    const config = loadConfig({ env: { TEMPORAL_ADDRESS: 'temporal:7233' }, cwd: dir });
    expect(clusterConnectionOptions(config, 'temporal:7233').tls).toBeUndefined();
  });
});
