/** `evaluations`: holdout, backtest and live evaluations of a model version. */
import type { SqlDatabase } from '../sql/sql-database.js';
import { z } from 'zod';
import type { EvaluationInput, EvaluationKind, EvaluationRecord, SinceQuery, StoredEvaluationMetrics } from './types.js';
import { insertedId } from './rows.js';
import { Fields, sinceParam, sqlLimit } from './values.js';

const KINDS: readonly EvaluationKind[] = ['holdout', 'backtest', 'live'];
const f = new Fields('evaluations');

/** A field that is absent when missing or malformed (rows of any age stay readable). */
const maybe = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const num = maybe(z.number());

/** The one parse of the stored metrics JSON (StoredEvaluationMetrics); unknown fields pass through. */
const storedMetricsSchema = z.looseObject({
  n: num, from: maybe(z.string()), to: maybe(z.string()),
  directionAccuracy: num, directionCi: maybe(z.tuple([z.number(), z.number()])),
  mape: num, mae: num, rmse: num, meanConfidence: num, brier: num, ece: num,
  baselineDirectionAccuracy: num, baselineDirectionName: maybe(z.string()),
  persistenceMape: num, persistenceMae: num, mapeSkill: num, directionSkill: num,
  overlapsTraining: maybe(z.boolean()),
});

/** Stored metrics JSON → StoredEvaluationMetrics; text that is not a JSON object reads as no metrics. */
export function parseStoredMetrics(text: string): StoredEvaluationMetrics {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  const parsed = storedMetricsSchema.safeParse(value);
  if (!parsed.success) return {};
  // `catch(undefined)` leaves the key present with an undefined value: drop those.
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as StoredEvaluationMetrics;
}

interface Row {
  id: number;
  symbol: string;
  version: number;
  evaluated_at: string;
  kind: EvaluationKind;
  from_day: string;
  to_day: string;
  n: number;
  metrics: string;
  source: string | null;
}

export interface EvaluationQuery extends SinceQuery {
  kind?: EvaluationKind;
  version?: number;
}

const INSERT = `INSERT INTO evaluations (symbol, version, evaluated_at, kind, from_day, to_day, n, metrics, source)
  VALUES (@symbol, @version, @evaluated_at, @kind, @from_day, @to_day, @n, @metrics, @source) RETURNING id`;
// Newest `limit` rows matching the filters, returned oldest first.
const HISTORY = `SELECT * FROM (
    SELECT * FROM evaluations
    WHERE symbol = @symbol
      AND (CAST(@since AS TEXT) IS NULL OR evaluated_at >= @since)
      AND (CAST(@kind AS TEXT) IS NULL OR kind = @kind)
      AND (CAST(@version AS INTEGER) IS NULL OR version = @version)
    ORDER BY evaluated_at DESC, id DESC LIMIT @limit
  ) AS recent ORDER BY evaluated_at, id`;

// Set-based (GET /models, `stockflow status`): one statement for every symbol (window function).
const LATEST_PER_SYMBOL = `SELECT id, symbol, version, evaluated_at, kind, from_day, to_day, n, metrics, source FROM (
    SELECT e.*, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY evaluated_at DESC, id DESC) AS rn FROM evaluations e
  ) latest WHERE rn = 1 ORDER BY symbol`;
const LATEST_PER_SYMBOL_OF_KIND = `SELECT id, symbol, version, evaluated_at, kind, from_day, to_day, n, metrics, source FROM (
    SELECT e.*, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY evaluated_at DESC, id DESC) AS rn FROM evaluations e WHERE kind = ?
  ) latest WHERE rn = 1 ORDER BY symbol`;

export class EvaluationsTable {
  constructor(private readonly db: SqlDatabase, private readonly now: () => Date) {}

  add(input: EvaluationInput): EvaluationRecord {
    const row = {
      symbol: f.symbol('symbol', input.symbol),
      version: f.int('version', input.version, 1),
      evaluated_at: f.time('evaluatedAt', input.evaluatedAt, this.now),
      kind: f.oneOf('kind', input.kind, KINDS),
      from_day: f.day('from', input.from),
      to_day: f.day('to', input.to),
      n: f.int('n', input.n, 0),
      metrics: f.json('metrics', input.metrics, {}),
      source: input.source ?? null,
    };
    return toRecord({ id: insertedId(this.db.get(INSERT, row)), ...row });
  }

  history(symbol: string, query: EvaluationQuery = {}): EvaluationRecord[] {
    const rows = this.db.all(HISTORY, {
      symbol,
      since: sinceParam(f, query.since),
      kind: query.kind === undefined ? null : f.oneOf('kind', query.kind, KINDS),
      version: query.version ?? null,
      limit: sqlLimit(query.limit),
    }) as unknown as Row[];
    return rows.map(toRecord);
  }

  latest(symbol: string, kind?: EvaluationKind): EvaluationRecord | null {
    return this.history(symbol, { kind, limit: 1 })[0] ?? null;
  }

  /** The newest evaluation of every symbol (of `kind`, when given), by symbol: one statement. */
  latestPerSymbol(kind?: EvaluationKind): EvaluationRecord[] {
    const rows = kind === undefined
      ? this.db.all(LATEST_PER_SYMBOL)
      : this.db.all(LATEST_PER_SYMBOL_OF_KIND, [f.oneOf('kind', kind, KINDS)]);
    return (rows as unknown as Row[]).map(toRecord);
  }
}

function toRecord(r: Row): EvaluationRecord {
  return {
    id: r.id,
    symbol: r.symbol,
    version: r.version,
    evaluatedAt: r.evaluated_at,
    kind: r.kind,
    from: r.from_day,
    to: r.to_day,
    n: r.n,
    metrics: parseStoredMetrics(r.metrics),
    source: r.source,
  };
}
