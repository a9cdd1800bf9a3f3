/** `reports`: monitoring and monthly reports — where they were written and a JSON summary. */
import type Database from 'better-sqlite3';
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

export class ReportsTable {
  private readonly insertStmt: Database.Statement;
  private readonly getStmt: Database.Statement;
  private readonly listStmt: Database.Statement;

  constructor(db: Database.Database, private readonly now: () => Date) {
    this.insertStmt = db.prepare(`INSERT INTO reports (at, kind, paths, summary) VALUES (@at, @kind, @paths, @summary)`);
    this.getStmt = db.prepare(`SELECT * FROM reports WHERE id = ?`);
    this.listStmt = db.prepare(
      `SELECT * FROM reports
       WHERE (@kind IS NULL OR kind = @kind) AND (@since IS NULL OR at >= @since)
       ORDER BY at DESC, id DESC LIMIT @limit`,
    );
  }

  add(input: ReportInput): ReportRecord {
    const paths = input.paths ?? [];
    if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string')) throw new HistoryInputError('reports', 'paths', paths, 'an array of file paths');
    const row = {
      at: f.time('at', input.at, this.now),
      kind: f.text('kind', input.kind),
      paths: JSON.stringify(paths),
      summary: f.json('summary', input.summary, {}),
    };
    const { lastInsertRowid } = this.insertStmt.run(row);
    return toRecord({ id: Number(lastInsertRowid), ...row });
  }

  get(id: number): ReportRecord | null {
    const row = this.getStmt.get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  /** Newest first. */
  list(query: ReportQuery = {}): ReportRecord[] {
    const rows = this.listStmt.all({ kind: query.kind ?? null, since: sinceParam(f, query.since), limit: sqlLimit(query.limit) }) as Row[];
    return rows.map(toRecord);
  }
}

function toRecord(r: Row): ReportRecord {
  return { id: r.id, at: r.at, kind: r.kind, paths: JSON.parse(r.paths) as string[], summary: JSON.parse(r.summary) as Record<string, unknown> };
}
