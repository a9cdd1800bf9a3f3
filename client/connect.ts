import { Client, Connection } from '@temporalio/client';
import type { TemporalConnectionOptions } from './target/index.js';

/** A Temporal client for the CLI, the API and the stack runner. Close `client.connection` when done. */
export async function connectClient(target: TemporalConnectionOptions): Promise<Client> {
  const connection = await Connection.connect({
    address: target.address,
    tls: target.tls,
    apiKey: target.apiKey,
  });
  return new Client({ connection, namespace: target.namespace });
}
