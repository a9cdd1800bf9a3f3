import type { BatchRetrainResult, MonitorReportInput, ReportInput, RetrainOutcomeSummary } from '../../common/wire/index.js';

const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)}%`);
const num = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));

/** A report as plain tables: every model metric beside its baseline and sample size. */
export interface ReportDocument {
  title: string;
  sections: Array<{ heading: string; note?: string; columns: string[]; rows: string[][] }>;
}

export function buildReport(input: ReportInput): ReportDocument {
  const sections: ReportDocument['sections'] = [];
  if (input.monitor) sections.push(...monitorSections(input.monitor));
  if (input.retrains) sections.push(...retrainSections(input.retrains));
  return { title: input.title, sections };
}

function monitorSections(m: MonitorReportInput): ReportDocument['sections'] {
  return [
    {
      heading: 'Live performance of each champion (sessions after its training data)',
      note: 'Direction accuracy with its 95% Wilson interval; baselines on the same sessions. Skill: each rule compares the model with its baseline on the same sessions (one-sided, Holm-corrected); too few sessions are not judged.',
      columns: ['symbol', 'version', 'age (days)', 'n', 'direction acc. [95% CI]', 'baseline dir.', 'MAPE', 'persistence MAPE', 'confidence', 'skill', 'breaches'],
      rows: m.rows.map((a) => [
        a.symbol, a.championVersion === null ? '—' : `v${a.championVersion}`, a.modelAgeDays === null ? '—' : String(a.modelAgeDays),
        String(a.live?.n ?? 0),
        a.live ? `${pct(a.live.directionAccuracy)} [${pct(a.live.directionCi[0])}–${pct(a.live.directionCi[1])}]` : '—',
        pct(a.live?.baselineDirectionAccuracy), pct(a.live?.mape, 2), pct(a.live?.persistenceMape, 2), pct(a.live?.meanConfidence),
        a.verdict, a.breaches.join('; ') || 'none',
      ]),
    },
    {
      heading: 'Data freshness (last cached bar against the last completed NYSE session)',
      note: `${m.counts.symbols - m.notFresh.length} of ${m.counts.symbols} symbols fresh; the others:`,
      columns: ['symbol', 'state', 'last bar', 'sessions behind', 'error'],
      rows: m.notFresh.map((f) => [f.symbol, f.state, f.lastBar ?? '—', f.sessionsBehind === null ? '—' : String(f.sessionsBehind), f.error ?? '']),
    },
    {
      heading: 'Decisions',
      columns: ['action', 'symbols'],
      rows: [
        ['retrain started', m.retrainsStarted.join(', ') || 'none'],
        ['retrain already running', m.retrainsAlreadyRunning.join(', ') || 'none'],
        ['breached, but the retrain policy refused a retrain', m.retrainsRefused.map((v) => `${v.symbol} (${v.state}: ${v.reason})`).join('; ') || 'none'],
        ['price refresh failed', m.dataFailures.map((f) => `${f.symbol} (${f.error})`).join('; ') || 'none'],
        ['incidents', `${m.incidents.opened.length} opened, ${m.incidents.updated.length} still open, ${m.incidents.resolved.length} resolved`],
      ],
    },
    {
      heading: 'System health',
      columns: ['CPU load (1m)', 'cores', 'memory used', 'disk free', 'breaches', 'API success', 'API p50 latency'],
      rows: [[
        num(m.health.loadAverage1m), String(m.health.cpuCount), pct(m.health.memoryUsedFraction, 0),
        `${(m.health.diskFreeBytes / 1e9).toFixed(1)} GB (${pct(m.health.diskFreeFraction, 0)})`, m.health.breaches.join('; ') || 'none',
        m.api.baseUrl ? `${pct(m.api.successRate, 0)} of ${m.api.checked}` : 'no API configured', m.api.p50LatencyMs === null ? '—' : `${num(m.api.p50LatencyMs, 1)} ms`,
      ]],
    },
  ];
}

function evalCells(e: RetrainOutcomeSummary['challenger'] | null | undefined): string[] {
  if (!e) return ['—', '—', '—', '—', '—', '—', '—', '—'];
  return [
    String(e.n), `${pct(e.directionAccuracy)} [${pct(e.directionCi[0])}–${pct(e.directionCi[1])}]`, pct(e.baselineDirectionAccuracy), pct(e.mape, 2), pct(e.persistenceMape, 2), num(e.ece, 3),
    ...intervalCells(e),
  ];
}

/** Coverage at 80% / 95% and the 80% Winkler score (log-return units, as %), each with the rolling-std baseline's; — before intervals. */
function intervalCells(e: RetrainOutcomeSummary['challenger']): string[] {
  const iv = e.intervals;
  if (!iv) return ['—', '—'];
  return [
    `${pct(iv.model.p80.coverage)} / ${pct(iv.model.p95.coverage)} (${pct(iv.rollingStd.p80.coverage)} / ${pct(iv.rollingStd.p95.coverage)})`,
    `${pct(iv.model.p80.intervalScore, 2)} (${pct(iv.rollingStd.p80.intervalScore, 2)})`,
  ];
}

function retrainSections(b: BatchRetrainResult): ReportDocument['sections'] {
  return [{
    heading: `Retrains: ${b.promoted} promoted, ${b.kept} kept, ${b.failed} failed, ${b.alreadyRunning} already running`,
    note: 'Old (champion) and new (challenger) scored walk-forward on the same held-out sessions, never used for fitting.',
    columns: ['symbol', 'status', 'old', 'new', 'n', 'new dir. acc. [95% CI]', 'baseline dir.', 'new MAPE', 'persistence MAPE', 'new ECE', 'new 80% / 95% coverage (rolling-std)', 'new 80% Winkler (rolling-std)', 'old MAPE', 'old dir. acc.', 'decision'],
    rows: b.outcomes.map((o) => {
      const r = o.result;
      return [
        o.symbol, o.status, r?.championBefore ? `v${r.championBefore}` : '—', r ? `v${r.challengerVersion}` : '—',
        ...evalCells(r?.challenger), pct(r?.champion?.mape, 2), pct(r?.champion?.directionAccuracy), r?.decision ?? o.error ?? '',
      ];
    }),
  }];
}

export function renderMarkdown(doc: ReportDocument): string {
  const lines = [`# ${doc.title}`, ''];
  for (const s of doc.sections) {
    lines.push(`## ${s.heading}`, '');
    if (s.note) lines.push(`_${s.note}_`, '');
    lines.push(`| ${s.columns.join(' | ')} |`, `| ${s.columns.map(() => '---').join(' | ')} |`);
    for (const r of s.rows) lines.push(`| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
    lines.push('');
  }
  return lines.join('\n');
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderHtml(doc: ReportDocument): string {
  const body = doc.sections.map((s) => `<h2>${escapeHtml(s.heading)}</h2>${s.note ? `<p class="note">${escapeHtml(s.note)}</p>` : ''}
<table><thead><tr>${s.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>
<tbody>${s.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin-bottom:1.5rem}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f3f3f3}.note{color:#555}</style>
</head><body><h1>${escapeHtml(doc.title)}</h1>
${body}
</body></html>
`;
}
