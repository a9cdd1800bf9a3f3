/**
 * Benchmark of `GET /predict/:symbol` over real HTTP on loopback:
 *
 *   npx tsx bench/api.ts [--concurrency=50] [--seconds=10] [--max-requests=200000] [--warmup-seconds=2] [--repeat=3]
 *                        [--rounds=10] [--round-seconds=4] [--compare-warmup-seconds=8]
 *
 * The API runs in a child process (its own event loop and core, as in production) on a
 * temporary data directory: 13 symbols, each with a champion in a real ModelRegistry and a
 * stored forecast in a real HistoryStore (the route reads only those; the model files are
 * placeholders, since no model runs per request). The load generator here keeps `concurrency`
 * requests in flight on as many keep-alive connections (node:http Agent), bounded by time and
 * count, after a warm-up, then repeats with one connection for the unloaded latency.
 * Latency is measured per request from send to full response on the client side; the
 * server-side mean comes from the API's own Prometheus histogram. Results:
 * bench/results/api.json.
 *
 * Targets (issue): p50 ≤ 1 ms, p99 ≤ 5 ms, ≥ 5,000 req/s at 50 connections on this 2-core
 * machine. Load generator and server share those two cores, which the numbers include.
 *
 * Then the side-by-side comparison (issue 12, item 7): a bare fastify server in a second child
 * process answers `/predict/:symbol` with the very JSON our API returned for that symbol (no
 * hooks, no schemas, fastify's default serialiser). The same raw-socket load generator drives
 * both, in interleaved rounds (ours then bare, bare then ours, …) so drift in the machine's load
 * hits both alike, after the same warm-up for each (the bare server starts cold, ours has served
 * the runs above); the result is the per-round requests/s ratio (target ≥ 0.9) and both p99s.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SYMBOLS } from '../common/constants.js';
import { median } from './lib.js';

const TARGETS = { p50Ms: 1, p99Ms: 5, rps: 5000, rpsRatioToBareFastify: 0.9 };

function flags(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of process.argv.slice(2)) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (m?.[1]) out[m[1]] = m[2] ?? 'true';
  }
  return out;
}

// ---------------------------------------------------------------- server (child process)

async function serve(dataDir: string): Promise<void> {
  const { buildApp } = await import('../apps/api/index.js');
  const { HistoryStore } = await import('../domain/history/index.js');
  const { ModelRegistry } = await import('../domain/registry/index.js');
  const { exampleModelMetadata } = await import('../test/helpers/model-metadata.js');
  const registry = new ModelRegistry({ root: path.join(dataDir, 'models') });
  const history = HistoryStore.open({ file: path.join(dataDir, 'history.sqlite') });
  const symbols = [...DEFAULT_SYMBOLS];
  const asOf = '2025-06-30';
  for (const [i, symbol] of symbols.entries()) {
    const saved = registry.saveVersion(symbol, {
      files: { 'placeholder.bin': new Uint8Array([1, 2, 3]) },
      metadata: exampleModelMetadata(symbol, 'bench', new Date().toISOString(), { mape: 0.02, directionAccuracy: 0.52, n: 250, baselineDirectionAccuracy: 0.53 }),
    });
    registry.promote(symbol, saved.version, { promote: true, reason: 'bench' });
    // A few older forecasts too, so "latest" is a real indexed lookup, not the only row.
    for (let d = 0; d < 30; d++) {
      const day = new Date(Date.parse(asOf) - d * 86_400_000).toISOString().slice(0, 10);
      history.addPrediction({ symbol, asOf: day, forecastClose: 100 + i + d / 10, lastClose: 100 + i, direction: 'up', confidence: 0.56, modelVersion: saved.version });
    }
  }
  const app = await buildApp({
    registry,
    history,
    config: { symbols, thresholds: { maxModelAgeDays: 7, minDirectionAccuracy: 0.45, maxMape: 0.05, minConfidence: 0.6, overrides: {} } },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  process.send!({ port, symbols });
  process.on('disconnect', () => {
    void app.close().then(() => history.close()).finally(() => process.exit(0));
  });
}

/** The reference: bare fastify answering each symbol with the JSON our API gave for it. */
async function serveBare(payloadFile: string): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const payloads = JSON.parse(readFileSync(payloadFile, 'utf8')) as Record<string, unknown>;
  const app = Fastify({ logger: false });
  app.get<{ Params: { symbol: string } }>('/predict/:symbol', async (request, reply) => {
    const body = payloads[request.params.symbol];
    if (body === undefined) return reply.code(404).send({ error: { code: 'unknown_symbol', message: 'no such symbol' } });
    return body;
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.send!({ port: (app.server.address() as { port: number }).port });
  process.on('disconnect', () => {
    void app.close().finally(() => process.exit(0));
  });
}

function startServer(args: string[]): Promise<{ child: ChildProcess; port: number; symbols: string[] }> {
  const child = fork(import.meta.filename, args, { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, ...(m as { port: number; symbols: string[] }) }));
    child.once('exit', (code) => reject(new Error(`server ${args.join(' ')} exited with ${code} before listening`)));
  });
}

async function stopServer(child: ChildProcess | undefined): Promise<void> {
  if (!child) return;
  if (child.connected) child.disconnect();
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  const timer = setTimeout(() => child.kill(), 2000);
  await exited;
  clearTimeout(timer);
}

interface Side {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** The server process's CPU time (user + system) per request, µs: what the server spends, whatever else runs on the machine. */
  serverCpuUsPerRequest: number | null;
}

interface ComparisonRound {
  order: 'ours-first' | 'bare-first';
  ours: Side;
  bare: Side;
  rpsRatio: number;
  p99Ratio: number;
  /** bare's CPU per request ÷ ours: the throughput ratio if the server had the cores to itself. */
  cpuRatio: number | null;
}

/** A process's CPU time so far, µs (Linux /proc; null elsewhere). */
function processCpuUs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return (ticks / 100) * 1e6; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** One load run against a server process, with the CPU it spent. */
async function measuredRun(pid: number | undefined, port: number, symbols: string[], bounds: { concurrency: number; seconds: number; maxRequests: number }): Promise<Side> {
  const before = processCpuUs(pid);
  const r = await loadRaw(port, symbols, bounds);
  const after = processCpuUs(pid);
  const cpu = before !== null && after !== null && r.requests > 0 ? round((after - before) / r.requests, 1) : null;
  return { rps: r.rps, p50: r.latencyMs.p50, p99: r.latencyMs.p99, errors: r.errors, serverCpuUsPerRequest: cpu };
}


/** Interleaved rounds of the same raw-socket load against our API and the bare server. */
async function compareWithBare(ours: { port: number; pid?: number }, bare: { port: number; pid?: number }, symbols: string[], o: { concurrency: number; rounds: number; seconds: number; warmupSeconds: number }) {
  const bounds = { concurrency: o.concurrency, seconds: o.seconds, maxRequests: 2_000_000 };
  // Warm both (JIT, connection setup) before anything is counted. Ours has served the runs above
  // already; the bare server has served nothing: a second of load left its first rounds still
  // tiering up (≈ 105 µs of CPU per request in round 1 against ≈ 75 µs by round 10).
  await loadRaw(ours.port, symbols, { ...bounds, seconds: o.warmupSeconds });
  await loadRaw(bare.port, symbols, { ...bounds, seconds: o.warmupSeconds });
  const rounds: ComparisonRound[] = [];
  for (let i = 0; i < o.rounds; i++) {
    const oursFirst = i % 2 === 0;
    const [x, y] = oursFirst ? [ours, bare] : [bare, ours];
    const first = await measuredRun(x.pid, x.port, symbols, bounds);
    const second = await measuredRun(y.pid, y.port, symbols, bounds);
    const [a, b] = oursFirst ? [first, second] : [second, first];
    const cpuRatio = a.serverCpuUsPerRequest && b.serverCpuUsPerRequest ? round(b.serverCpuUsPerRequest / a.serverCpuUsPerRequest) : null;
    const round_ = { order: oursFirst ? 'ours-first' : 'bare-first', ours: a, bare: b, rpsRatio: round(a.rps / b.rps), p99Ratio: round(a.p99 / b.p99), cpuRatio } as const;
    rounds.push(round_);
    console.log(`round ${i + 1}/${o.rounds} (${round_.order}): ours ${a.rps} req/s p99 ${a.p99} ms ${a.serverCpuUsPerRequest} µs CPU/req · bare ${b.rps} req/s p99 ${b.p99} ms ${b.serverCpuUsPerRequest} µs CPU/req · ratio ${round_.rpsRatio}`);
  }
  const ratios = rounds.map((r) => r.rpsRatio);
  const cpuRatios = rounds.flatMap((r) => (r.cpuRatio === null ? [] : [r.cpuRatio]));
  return {
    loadGenerator: `raw-socket HTTP/1.1 client, ${o.concurrency} keep-alive connections, ${o.warmupSeconds} s warm-up per side, ${o.seconds} s per side per round, ${o.rounds} interleaved rounds (order alternates)`,
    rounds,
    rpsRatio: { median: round(median(ratios)), min: Math.min(...ratios), max: Math.max(...ratios) },
    oursRps: median(rounds.map((r) => r.ours.rps)),
    bareRps: median(rounds.map((r) => r.bare.rps)),
    oursP99Ms: round(median(rounds.map((r) => r.ours.p99))),
    bareP99Ms: round(median(rounds.map((r) => r.bare.p99))),
    p99Ratio: round(median(rounds.map((r) => r.p99Ratio))),
    /** Server CPU per request, bare ÷ ours (median of rounds): the ratio the servers' own work allows, less sensitive to the machine's load. */
    cpuRatio: cpuRatios.length ? round(median(cpuRatios)) : null,
    oursCpuUsPerRequest: round(median(rounds.flatMap((r) => (r.ours.serverCpuUsPerRequest === null ? [] : [r.ours.serverCpuUsPerRequest]))), 1),
    bareCpuUsPerRequest: round(median(rounds.flatMap((r) => (r.bare.serverCpuUsPerRequest === null ? [] : [r.bare.serverCpuUsPerRequest]))), 1),
    met: median(ratios) >= TARGETS.rpsRatioToBareFastify,
  };
}

// ---------------------------------------------------------------- load generator

interface RunResult {
  concurrency: number;
  requests: number;
  durationS: number;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; p999: number; max: number; mean: number };
  statuses: Record<string, number>;
  errors: number;
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

async function load(port: number, symbols: string[], o: { concurrency: number; seconds: number; maxRequests: number }): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency, maxFreeSockets: o.concurrency });
  const latencies = new Float64Array(o.maxRequests);
  const statuses: Record<string, number> = {};
  let issued = 0;
  let done = 0;
  let errors = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(o.seconds * 1e9));

  const one = (symbol: string) => new Promise<void>((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.get({ host: '127.0.0.1', port, path: `/predict/${symbol}`, agent }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => {
        if (done < latencies.length) latencies[done] = Number(process.hrtime.bigint() - t0) / 1e6;
        done++;
        statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
  });

  const worker = async () => {
    while (issued < o.maxRequests && process.hrtime.bigint() < deadline) {
      await one(symbols[issued++ % symbols.length]!); // symbols is not empty
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const durationS = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();

  return summarise(o.concurrency, latencies, done, durationS, statuses, errors);
}

/**
 * The same load from a minimal HTTP/1.1 client on raw sockets (one request in flight per
 * keep-alive connection, like autocannon or wrk without pipelining): node:http's client costs
 * more CPU per request than the server does, and client and server share two cores.
 */
async function loadRaw(port: number, symbols: string[], o: { concurrency: number; seconds: number; maxRequests: number }): Promise<RunResult> {
  const latencies = new Float64Array(o.maxRequests);
  const statuses: Record<string, number> = {};
  const requests = symbols.map((sym) => Buffer.from(`GET /predict/${sym} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`));
  let issued = 0;
  let done = 0;
  let errors = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(o.seconds * 1e9));

  const connection = () => new Promise<void>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setNoDelay(true);
    let buffer: Buffer = Buffer.alloc(0);
    let t0 = 0n;
    const next = () => {
      if (issued >= o.maxRequests || process.hrtime.bigint() >= deadline) {
        socket.end();
        return resolve();
      }
      const r = requests[issued++ % requests.length]!; // requests is not empty
      t0 = process.hrtime.bigint();
      socket.write(r);
    };
    socket.on('connect', next);
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const head = buffer.subarray(0, headerEnd).toString('latin1');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffer.length < headerEnd + 4 + length) return;
      if (done < latencies.length) latencies[done] = Number(process.hrtime.bigint() - t0) / 1e6;
      done++;
      const status = head.slice(9, 12);
      statuses[status] = (statuses[status] ?? 0) + 1;
      buffer = buffer.subarray(headerEnd + 4 + length);
      next();
    });
    socket.on('error', () => {
      errors++;
      resolve();
    });
  });
  await Promise.all(Array.from({ length: o.concurrency }, connection));
  const durationS = Number(process.hrtime.bigint() - started) / 1e9;
  return summarise(o.concurrency, latencies, done, durationS, statuses, errors);
}

function summarise(concurrency: number, latencies: Float64Array, done: number, durationS: number, statuses: Record<string, number>, errors: number): RunResult {
  const measured = latencies.subarray(0, Math.min(done, latencies.length)).slice().sort();
  const mean = measured.reduce((s, x) => s + x, 0) / (measured.length || 1);
  return {
    concurrency,
    requests: done,
    durationS: round(durationS, 2),
    rps: Math.round(done / durationS),
    latencyMs: {
      p50: round(quantile(measured, 0.5)),
      p90: round(quantile(measured, 0.9)),
      p99: round(quantile(measured, 0.99)),
      p999: round(quantile(measured, 0.999)),
      max: round(measured[measured.length - 1] ?? NaN),
      mean: round(mean),
    },
    statuses,
    errors,
  };
}

function get(port: number, p: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

/** Mean server-side handling time of /predict 200s, from the API's own histogram. */
function serverMeanMs(metrics: string): number | null {
  const sum = /^stockflow_api_request_duration_seconds_sum\{route="\/predict\/:symbol",method="GET",status="200"\} (\S+)$/m.exec(metrics);
  const count = /^stockflow_api_request_duration_seconds_count\{route="\/predict\/:symbol",method="GET",status="200"\} (\S+)$/m.exec(metrics);
  return sum && count ? round((Number(sum[1]) / Number(count[1])) * 1000, 4) : null;
}

async function main(): Promise<void> {
  const f = flags();
  if (f.serve === 'bare') {
    const payloadsFile = f['payloads'];
    if (!payloadsFile) throw new Error('--serve=bare needs --payloads=FILE');
    return serveBare(payloadsFile);
  }
  if (f.serve) {
    const dataDir = f['data-dir'];
    if (!dataDir) throw new Error('--serve needs --data-dir=DIR');
    return serve(dataDir);
  }

  const concurrency = Number(f.concurrency ?? 50);
  const seconds = Number(f.seconds ?? 10);
  const maxRequests = Number(f['max-requests'] ?? 200_000);
  const warmupSeconds = Number(f['warmup-seconds'] ?? 2);
  const repeat = Math.max(1, Number(f.repeat ?? 3));
  const rounds = Math.max(1, Number(f.rounds ?? 10));
  const roundSeconds = Number(f['round-seconds'] ?? 4);
  const compareWarmupSeconds = Number(f['compare-warmup-seconds'] ?? 8);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'stockflow-bench-api-'));
  let child: ChildProcess | undefined;
  let bareChild: ChildProcess | undefined;
  try {
    const api = await startServer(['--serve', `--data-dir=${dataDir}`]);
    child = api.child;
    const { port, symbols } = api;
    const payloads: Record<string, unknown> = {};
    for (const symbol of symbols) payloads[symbol] = JSON.parse(await get(port, `/predict/${symbol}`));
    const sample = (symbols[0] === undefined ? undefined : payloads[symbols[0]]) as Record<string, unknown> | undefined;
    if (!sample) throw new Error('the API serves no symbols to benchmark');
    if (typeof sample.forecastClose !== 'number') throw new Error(`unexpected /predict response: ${JSON.stringify(sample)}`);
    const payloadFile = path.join(dataDir, 'payloads.json');
    writeFileSync(payloadFile, JSON.stringify(payloads));
    const bare = await startServer(['--serve=bare', `--payloads=${payloadFile}`]);
    bareChild = bare.child;

    console.log(`API pid ${child.pid} on 127.0.0.1:${port}; warm-up ${warmupSeconds}s at ${concurrency} connections…`);
    await load(port, symbols, { concurrency, seconds: warmupSeconds, maxRequests: 1_000_000 });
    // The machine may be shared (load average in the results): repeat, keep the median run.
    const runs: RunResult[] = [];
    for (let i = 0; i < repeat; i++) runs.push(await load(port, symbols, { concurrency, seconds, maxRequests }));
    const loaded = [...runs].sort((a, b) => a.latencyMs.p50 - b.latencyMs.p50)[Math.floor(runs.length / 2)];
    if (!loaded) throw new Error('--repeat must be at least 1');
    const metricsAfterLoaded = await get(port, '/metrics');
    const loadedRaw = await loadRaw(port, symbols, { concurrency, seconds, maxRequests });
    const single = await load(port, symbols, { concurrency: 1, seconds: Math.min(seconds, 5), maxRequests: 50_000 });
    console.log(`side by side with bare fastify (pid ${bareChild.pid}, port ${bare.port}): ${rounds} interleaved rounds of ${roundSeconds} s each…`);
    const versusBare = await compareWithBare({ port, pid: child.pid }, { port: bare.port, pid: bareChild.pid }, symbols, { concurrency, rounds, seconds: roundSeconds, warmupSeconds: compareWarmupSeconds });

    const serverMean = serverMeanMs(metricsAfterLoaded);
    const met = {
      p50: loaded.latencyMs.p50 <= TARGETS.p50Ms,
      p99: loaded.latencyMs.p99 <= TARGETS.p99Ms,
      rps: loaded.rps >= TARGETS.rps,
    };
    const metRaw = {
      p50: loadedRaw.latencyMs.p50 <= TARGETS.p50Ms,
      p99: loadedRaw.latencyMs.p99 <= TARGETS.p99Ms,
      rps: loadedRaw.rps >= TARGETS.rps,
    };
    const result = {
      bench: 'api',
      ranAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAvgAtEnd: os.loadavg().map((l) => round(l, 2)) },
      setup: {
        route: 'GET /predict/:symbol',
        symbols: symbols.length,
        transport: 'HTTP/1.1 keep-alive on loopback, node:http Agent, one connection per in-flight request',
        server: 'separate process: buildApp (fastify 5) + read-write HistoryStore, process metrics on',
        bounds: { seconds, maxRequests, warmupSeconds, repeat },
      },
      targets: TARGETS,
      /** node:http client with keep-alive Agent (the setup): the median of `repeat` runs by p50 … */
      loaded,
      /** … and every run, in order. */
      loadedRuns: runs.map((r) => ({ rps: r.rps, requests: r.requests, durationS: r.durationS, latencyMs: r.latencyMs, errors: r.errors })),
      /** Same load from a raw-socket HTTP/1.1 client (cheaper client, so more CPU for the server). */
      loadedRawClient: loadedRaw,
      /** One connection, node:http client: latency without queueing. */
      single,
      serverMeanHandlingMs: serverMean,
      met,
      metRawClient: metRaw,
      /** Issue 12 item 7: the same payload from bare fastify, same load generator, same run. */
      versusBareFastify: versusBare,
      note: 'Client and server share the 2 cores; at 50 connections the p50 is queueing (≈ concurrency / throughput), not handling time — see serverMeanHandlingMs and the single-connection run.',
    };
    const dir = path.join(import.meta.dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'api.json');
    writeFileSync(file, JSON.stringify(result, null, 2) + '\n');

    const row = (r: RunResult) => `${String(r.concurrency).padStart(3)} conn  ${String(r.requests).padStart(7)} req  ${String(r.rps).padStart(6)} req/s  p50 ${r.latencyMs.p50} ms  p90 ${r.latencyMs.p90} ms  p99 ${r.latencyMs.p99} ms  max ${r.latencyMs.max} ms  errors ${r.errors}  ${JSON.stringify(r.statuses)}`;
    for (const [i, r] of runs.entries()) console.log(`node:http client  ${row(r)}  (run ${i + 1}/${runs.length}${r === loaded ? ', median' : ''})`);
    console.log(`raw-socket client ${row(loadedRaw)}`);
    console.log(`node:http client  ${row(single)}`);
    console.log(`server-side mean handling time: ${serverMean} ms`);
    const verdict = (m: typeof met) => `p50 ≤ ${TARGETS.p50Ms} ms ${m.p50 ? 'met' : 'NOT met'}, p99 ≤ ${TARGETS.p99Ms} ms ${m.p99 ? 'met' : 'NOT met'}, ≥ ${TARGETS.rps} req/s ${m.rps ? 'met' : 'NOT met'}`;
    console.log(`targets (node:http client): ${verdict(met)}`);
    console.log(`targets (raw-socket client): ${verdict(metRaw)}`);
    console.log(`versus bare fastify: ${versusBare.oursRps} vs ${versusBare.bareRps} req/s, ratio ${versusBare.rpsRatio.median} [${versusBare.rpsRatio.min}–${versusBare.rpsRatio.max}] (target ≥ ${TARGETS.rpsRatioToBareFastify}: ${versusBare.met ? 'met' : 'NOT met'}); p99 ${versusBare.oursP99Ms} vs ${versusBare.bareP99Ms} ms (${versusBare.p99Ratio}×); server CPU/request ${versusBare.oursCpuUsPerRequest} vs ${versusBare.bareCpuUsPerRequest} µs (ratio ${versusBare.cpuRatio})`);
    console.log(`wrote ${file}`);
  } finally {
    await stopServer(child);
    await stopServer(bareChild);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench/api: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(1);
});
