// The synchronous PostgreSQL bridge: queries with parameters, one connection per bridge (so a
// transaction spans calls), typed errors, and reconnection after the server drops the connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlQueryError, SqlUnavailableError } from '../../../domain/sql/errors.js';
import { PgBridge } from '../../../domain/sql/pg-bridge.js';
import { adminQuery, testPostgresUrl } from '../../helpers/postgres.js';

const url = testPostgresUrl('bridge');
let bridge: PgBridge;

/** Ends the bridge's server process, as a PostgreSQL restart would. */
function dropConnection(b: PgBridge): void {
  const pid = b.backendPid();
  expect(pid).toBeTypeOf('number');
  const [row] = adminQuery('SELECT pg_terminate_backend($1) AS ok', [pid]);
  expect(row?.ok).toBe(true);
}

beforeAll(() => {
  bridge = PgBridge.connect({ url });
  bridge.query('CREATE TABLE items (id SERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, n BIGINT, ok BOOLEAN, doc JSONB)');
});
afterAll(() => bridge?.close());

describe('PgBridge', () => {
  it('runs statements with parameters synchronously and maps int8 to numbers', () => {
    const inserted = bridge.query('INSERT INTO items (name, n, ok, doc) VALUES ($1, $2, $3, $4) RETURNING id', ['a', 41, true, JSON.stringify({ x: [1, 2] })]);
    expect(inserted.rowCount).toBe(1);
    const { rows } = bridge.query('SELECT name, n + 1 AS n, ok, doc, COUNT(*) OVER () AS total FROM items WHERE name = $1', ['a']);
    expect(rows).toEqual([{ name: 'a', n: 42, ok: true, doc: { x: [1, 2] }, total: 1 }]);
  });

  it('keeps one connection, so BEGIN … ROLLBACK over several calls is one transaction', () => {
    bridge.query('BEGIN');
    bridge.query('INSERT INTO items (name) VALUES ($1)', ['rolled-back']);
    expect(bridge.query('SELECT count(*) AS c FROM items WHERE name = $1', ['rolled-back']).rows[0]?.c).toBe(1);
    bridge.query('ROLLBACK');
    expect(bridge.query('SELECT count(*) AS c FROM items WHERE name = $1', ['rolled-back']).rows[0]?.c).toBe(0);
  });

  it('reports a failing statement as SqlQueryError with its SQLSTATE and keeps working', () => {
    let caught: unknown;
    try {
      bridge.query('INSERT INTO items (name) VALUES ($1)', ['a']);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SqlQueryError);
    expect((caught as SqlQueryError).code).toBe('23505');
    expect((caught as SqlQueryError).kind).toBe('permanent');
    expect(bridge.query('SELECT 1 AS one').rows).toEqual([{ one: 1 }]);
  });

  it('reconnects by itself when the connection was lost outside a transaction', () => {
    const before = bridge.backendPid();
    dropConnection(bridge);
    expect(bridge.query('SELECT count(*) AS c FROM items WHERE name = $1', ['a']).rows[0]?.c).toBe(1);
    expect(bridge.backendPid()).not.toBe(before);
  });

  it('surfaces a connection lost inside a transaction as unavailable, then works again', () => {
    bridge.query('BEGIN');
    bridge.query('INSERT INTO items (name) VALUES ($1)', ['in-lost-transaction']);
    dropConnection(bridge);
    let caught: unknown;
    try {
      bridge.query('INSERT INTO items (name) VALUES ($1)', ['after-loss']);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SqlUnavailableError);
    expect((caught as SqlUnavailableError).kind).toBe('unavailable');
    bridge.query('ROLLBACK');
    const { rows } = bridge.query('SELECT name FROM items WHERE name IN ($1, $2)', ['in-lost-transaction', 'after-loss']);
    expect(rows).toEqual([]);
  });

  it('keeps separate bridges on separate connections', () => {
    const other = PgBridge.connect({ url });
    try {
      bridge.query('BEGIN');
      bridge.query('INSERT INTO items (name) VALUES ($1)', ['uncommitted']);
      expect(other.query('SELECT count(*) AS c FROM items WHERE name = $1', ['uncommitted']).rows[0]?.c).toBe(0);
      bridge.query('COMMIT');
      expect(other.query('SELECT count(*) AS c FROM items WHERE name = $1', ['uncommitted']).rows[0]?.c).toBe(1);
    } finally {
      other.close();
    }
  });

  it('fails to connect to a server that is not there as unavailable, naming the server without its password', () => {
    const down = new URL(url);
    down.port = '1';
    down.password = 'secret';
    expect(() => PgBridge.connect({ url: down.toString() })).toThrow(SqlUnavailableError);
    expect(() => PgBridge.connect({ url: down.toString() })).toThrow(/127\.0\.0\.1:1\/.*ECONNREFUSED/);
    expect(() => PgBridge.connect({ url: down.toString() })).not.toThrow(/secret/);
  });
});
