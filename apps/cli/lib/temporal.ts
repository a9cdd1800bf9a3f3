/**
 * The CLI's Temporal connection. The server is probed over TCP before @temporalio/client is
 * imported (~0.4 s of CPU), so a command facing a stopped server (status) never pays for it.
 */
import net from 'node:net';
import type { Client } from '@temporalio/client';
import { temporalAddress, type ResolvedConfig } from '../../../config/index.js';
import type { TemporalConnectionOptions } from '../../../client/target/index.js';
import { CliError, EXIT, messageOf } from './errors.js';

export interface TemporalSession {
  client: Client;
  target: TemporalConnectionOptions;
  /** true when talking to the embedded dev server (no address configured). */
  embedded: boolean;
  /** General task queue the workers poll. */
  taskQueue: string;
  /** Link to a workflow in the Temporal UI, or null when the UI's address is unknown. */
  uiLink(workflowId: string, runId?: string): string | null;
  close(): Promise<void>;
}

const PROBE_TIMEOUT_MS = 2_000;
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Connects to `temporal.address` when configured; otherwise to the embedded dev server on
 * 127.0.0.1:<devServerPort>, which short commands never start themselves (only `dev` does):
 * when nothing listens there the error says to run `npm start`.
 */
export async function connectTemporal(config: ResolvedConfig): Promise<TemporalSession> {
  const configured = config.temporal.address;
  const address = temporalAddress(config);
  const unreachable = (detail: string, cause?: unknown) => new CliError(
    EXIT.unreachable, 'TEMPORAL_UNREACHABLE',
    configured ? `cannot reach Temporal at ${address} (${detail})` : `no Temporal dev server is running on ${address} (${detail})`,
    configured
      ? 'Check that the cluster is up and that TEMPORAL_ADDRESS (or temporal.address) is right'
      : 'Start the local stack with `npm start` (or `stockflow dev`) in another terminal, or set TEMPORAL_ADDRESS to your cluster',
    { cause },
  );

  const probe = await tcpProbe(address);
  if (probe) throw unreachable(probe);
  const { connectClient, temporalUiLink } = await import('../../../client/index.js');
  const { clusterConnectionOptions, temporalUiUrl } = await import('../../../client/target/index.js');
  const target: TemporalConnectionOptions = configured
    ? clusterConnectionOptions(config, configured)
    : { address, namespace: config.temporal.namespace };
  let client: Client;
  try {
    client = await withTimeout(connectClient(target), CONNECT_TIMEOUT_MS, `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`);
  } catch (err) {
    throw unreachable(messageOf(err).split('\n')[0] ?? '', err);
  }
  const uiBase = temporalUiUrl(config) ?? null;
  return {
    client,
    target,
    embedded: !configured,
    taskQueue: config.temporal.taskQueue,
    uiLink: (workflowId, runId) => (uiBase ? temporalUiLink(uiBase, target.namespace, workflowId, runId) : null),
    close: () => client.connection.close(),
  };
}

/** null when something accepts TCP connections at host:port, else why not. */
function tcpProbe(address: string): Promise<string | null> {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(i + 1));
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(PROBE_TIMEOUT_MS);
    socket.once('connect', () => { socket.destroy(); resolve(null); });
    socket.once('timeout', () => { socket.destroy(); resolve(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`); });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED' ? 'connection refused' : err.code ?? err.message));
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
