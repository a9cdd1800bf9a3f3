/** `reports`: monitoring and monthly reports — where they were written and a JSON summary. */
import type { SqlDatabase } from '../sql/sql-database.js';
import { insertedId, jsonObject } from './rows.js';
import { HistoryInputError } from './errors.js';
import type { ReportInput, ReportRecord, SinceQuery } from './types.js';
import { Fields, sinceParam, sqlLimit } from './values.js';

const f = new Fields('reports');

interface Row {
  id: number;
  at: string;
  kind: string;
  paths: string;
  summary: string;
}

export interface ReportQuery extends SinceQuery {
  kind?: string;
}

const INSERT = 'INSERT INTO reports (at, kind, paths, summary) VALUES (@at, @kind, @paths, @summary) RETURNING id';
const GET = 'SELECT * FROM reports WHERE id = ?';
const LIST = `SELECT * FROM reports
  WHERE (CAST(@kind AS TEXT) IS NULL OR kind = @kind) AND (CAST(@since AS TEXT) IS NULL OR at >= @since)
  ORDER BY at DESC, id DESC LIMIT @limit`;

export class ReportsTable {
  constructor(private readonly db: SqlDatabase, private readonly now: () => Date) {}

  add(input: ReportInput): ReportRecord {
    const paths = input.paths ?? [];
    if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string')) throw new HistoryInputError('reports', 'paths', paths, 'an array of file paths');
    const row = {
      at: f.time('at', input.at, this.now),
      kind: f.text('kind', input.kind),
      paths: JSON.stringify(paths),
      summary: f.json('summary', input.summary, {}),
    };
    return toRecord({ id: insertedId(this.db.get(INSERT, row)), ...row });
  }

  get(id: number): ReportRecord | null {
    const row = this.db.get(GET, [id]) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  /** Newest first. */
  list(query: ReportQuery = {}): ReportRecord[] {
    const rows = this.db.all(LIST, { kind: query.kind ?? null, since: sinceParam(f, query.since), limit: sqlLimit(query.limit) }) as unknown as Row[];
    return rows.map(toRecord);
  }
}

function toRecord(r: Row): ReportRecord {
  return { id: r.id, at: r.at, kind: r.kind, paths: JSON.parse(r.paths) as string[], summary: jsonObject(r.summary) };
}
