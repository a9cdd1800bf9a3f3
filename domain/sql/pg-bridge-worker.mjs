// The worker-thread half of the synchronous PostgreSQL bridge (pg-bridge.ts): holds one `pg`
// Client per bridge handle and answers one request at a time while the calling thread waits.
// Plain JavaScript (.mjs) so it loads without a TypeScript loader under vitest, tsx, compiled
// dist and the Temporal worker alike. A lost connection is dropped here and reopened on the
// next request; a request that was not inside a transaction is retried once on the new one.
import pg from 'pg';
import { runAsWorker } from 'synckit';

// int8 (COUNT(*), SUM, bigint ids) and numeric arrive as text by default; the stores keep
// integers well inside 2^53, so numbers are what callers expect (as from better-sqlite3).
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

/** handle → { url, client (null when lost), inTransaction } */
const connections = new Map();
let nextHandle = 1;

/** SQLSTATE classes and client errors that mean "the connection is gone", not "the SQL is wrong". */
function isConnectionLoss(err) {
  const code = err && typeof err === 'object' ? err.code : undefined;
  if (typeof code === 'string') {
    if (code.startsWith('08')) return true; // connection exception
    if (code === '57P01' || code === '57P02' || code === '57P03') return true; // admin/crash shutdown, cannot connect now
    if (['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN', 'EHOSTUNREACH'].includes(code)) return true;
  }
  const message = err instanceof Error ? err.message : String(err);
  return /Connection terminated|Client has encountered a connection error|not queryable|terminating connection|Query read timeout/i.test(message);
}

function unavailable(err, what) {
  const error = new Error(`PostgreSQL unavailable (${what}): ${err instanceof Error ? err.message : String(err)}`);
  error.kind = 'unavailable';
  error.code = err && typeof err === 'object' && typeof err.code === 'string' ? err.code : 'unavailable';
  return error;
}

async function connect(conn) {
  const client = new pg.Client({
    connectionString: conn.url,
    connectionTimeoutMillis: conn.connectTimeoutMs,
    // The calling thread is blocked while it waits: a server that stops answering must end the
    // wait (the connection is then dropped as lost) rather than freeze the process.
    query_timeout: conn.queryTimeoutMs,
    keepAlive: true,
    // A read-only bridge stays read-only across reconnects: it is a setting of every session.
    ...(conn.readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  // Without a listener an idle connection's termination would crash the thread.
  const lost = () => {
    if (conn.client !== client) return;
    conn.client = null;
    // A transaction cannot survive its connection: the caller's next statement must fail.
    if (conn.inTransaction) conn.lostTransaction = true;
  };
  client.on('error', lost);
  client.on('end', lost);
  try {
    await client.connect();
  } catch (err) {
    client.removeAllListeners('end');
    await client.end().catch(() => undefined);
    throw isConnectionLoss(err) ? unavailable(err, 'connect') : err;
  }
  conn.client = client;
  return client;
}

function drop(conn) {
  const client = conn.client;
  conn.client = null;
  client?.removeAllListeners('end');
  if (client) client.end().catch(() => undefined);
}

function plainError(err) {
  // pg's DatabaseError carries SQLSTATE `code`, `detail`, `constraint`: keep them for the caller.
  const error = new Error(err instanceof Error ? err.message : String(err));
  for (const key of ['code', 'detail', 'constraint', 'table', 'column', 'kind']) {
    if (err && typeof err === 'object' && err[key] !== undefined) error[key] = err[key];
  }
  return error;
}

async function query(conn, sql, params) {
  const tracked = /^\s*(BEGIN|START TRANSACTION|COMMIT|END|ROLLBACK)\b/i.exec(sql)?.[1]?.toUpperCase();
  const retryable = !conn.inTransaction && tracked !== 'COMMIT' && tracked !== 'END' && tracked !== 'ROLLBACK';
  if (conn.lostTransaction) {
    conn.lostTransaction = false;
    conn.inTransaction = false;
    if (tracked === 'ROLLBACK') return { rows: [], rowCount: 0 };
    throw unavailable(new Error('the connection was lost inside a transaction'), tracked ?? 'query');
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const client = conn.client ?? (await connect(conn));
      const result = await client.query({ text: sql, values: params });
      if (tracked === 'BEGIN' || tracked === 'START TRANSACTION') conn.inTransaction = true;
      else if (tracked) conn.inTransaction = false;
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    } catch (err) {
      if (err && err.kind === 'unavailable') {
        conn.inTransaction = false;
        if (retryable && attempt === 0) continue;
        throw err;
      }
      if (!isConnectionLoss(err)) {
        if (tracked === 'ROLLBACK') conn.inTransaction = false;
        throw plainError(err);
      }
      drop(conn);
      const wasInTransaction = conn.inTransaction;
      conn.inTransaction = false;
      if (retryable && attempt === 0 && !wasInTransaction) continue;
      throw unavailable(err, wasInTransaction || !retryable ? 'the connection was lost inside a transaction' : 'query');
    }
  }
}

runAsWorker(async (request) => {
  switch (request.op) {
    case 'open': {
      const conn = { url: request.url, client: null, inTransaction: false, lostTransaction: false, connectTimeoutMs: request.connectTimeoutMs, readOnly: request.readOnly === true, queryTimeoutMs: request.queryTimeoutMs };
      await connect(conn);
      const handle = nextHandle++;
      connections.set(handle, conn);
      return { handle };
    }
    case 'query': {
      const conn = connections.get(request.handle);
      if (!conn) throw new Error(`PostgreSQL bridge: handle ${request.handle} is closed`);
      return query(conn, request.sql, request.params ?? []);
    }
    case 'close': {
      const conn = connections.get(request.handle);
      connections.delete(request.handle);
      if (conn?.client) {
        const client = conn.client;
        conn.client = null;
        await client.end().catch(() => undefined);
      }
      return { closed: true };
    }
    case 'backendPid': {
      const conn = connections.get(request.handle);
      return { pid: conn?.client ? conn.client.processID ?? null : null };
    }
    default:
      throw new Error(`PostgreSQL bridge: unknown request ${JSON.stringify(request.op)}`);
  }
});
