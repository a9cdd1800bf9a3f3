/**
 * Free TCP ports below 32768 for the cluster. The Temporal SQL schema stores membership ports
 * in a SMALLINT column (cluster_membership.rpc_port), so any port above 32767 crashes every
 * service; the OS's ephemeral range (32768+) is avoided for all the cluster's ports alike.
 */
import net from 'node:net';

const LOW = 20_000;
const HIGH = 32_000;

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** `count` distinct ports in [20000, 32000) that are free on `host` right now. */
export async function freeLowPorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const chosen = new Set<number>();
  for (let tries = 0; chosen.size < count; tries++) {
    if (tries > 2000) throw new Error(`could not find ${count} free ports between ${LOW} and ${HIGH} on ${host}`);
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (!chosen.has(port) && (await canListen(port, host))) chosen.add(port);
  }
  return [...chosen];
}
