/**
 * The API's one Temporal client, shared by the schedules view, the action routes and the live
 * workflows: given (the stack's own client) or connected on first use from the configured
 * target — the API starts, and serves forecasts, whether or not Temporal is up — and retried on
 * the next call after a failed connection.
 */
import type { Client } from '@temporalio/client';
import { connectClient } from '../../client/index.js';
import type { TemporalConnectionOptions } from '../../client/target/index.js';

export interface TemporalLink {
  client(): Promise<Client>;
  /** Closes the connection this link opened (a given client is left open: its owner closes it). */
  close(): Promise<void>;
}

/** A link over a client someone else owns (the stack runner's). */
export function givenTemporalLink(client: Client): TemporalLink {
  return { client: async () => client, close: async () => undefined };
}

/** A link that connects to `target` on first use. */
export function lazyTemporalLink(target: TemporalConnectionOptions): TemporalLink {
  let connecting: Promise<Client> | null = null;
  return {
    client() {
      connecting ??= connectClient(target).catch((err: unknown) => {
        connecting = null;
        throw err;
      });
      return connecting;
    },
    async close() {
      const c = connecting;
      connecting = null;
      if (c) await c.then((x) => x.connection.close(), () => undefined);
    },
  };
}
