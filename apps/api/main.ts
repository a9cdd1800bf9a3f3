/**
 * API entry point: `tsx apps/api/main.ts` (or `node dist/apps/api/main.js` in the container). Serves the
 * prediction API and the dashboard until SIGINT/SIGTERM, then closes and exits.
 */
import { loadConfig } from '../../config/index.js';
import { startApiServer } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  // Logs with the default logger (logger.ts): errors with stacks on stderr.
  const server = await startApiServer(config);
  console.log(`stockflow API listening on ${server.url} — dashboard ${server.url}/ · health ${server.url}/health${config.api.token ? ' (bearer token required except /health and the dashboard page)' : ''}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`stockflow api: ${signal}, closing`);
    server.close().then(() => process.exit(0), (err: unknown) => {
      console.error(`stockflow api: close failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`stockflow api: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
