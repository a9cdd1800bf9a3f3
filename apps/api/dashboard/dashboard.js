/*
 * stockflow dashboard: vanilla JS, no dependencies. Reads /models, /models/:symbol and
 * /models/:symbol/forecasts from this API and draws the status table and inline-SVG charts.
 * Text always goes in with textContent (never innerHTML), so data cannot inject markup.
 */
'use strict';

(function () {
  const TOKEN_KEY = 'stockflow.apiToken';
  const state = { overview: null, selected: null };

  // ---------- small helpers ----------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  const SVG_NS = 'http://www.w3.org/2000/svg';
  function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === 'text') el.textContent = v;
      else el.setAttribute(k, String(v));
    }
    for (const c of children.flat()) if (c) el.append(c);
    return el;
  }
  const $ = (id) => document.getElementById(id);
  const pct = (x, digits = 1) => (typeof x === 'number' && isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '—');
  const money = (x) => (typeof x === 'number' && isFinite(x) ? x.toFixed(2) : '—');
  function ago(iso, now) {
    if (!iso) return '—';
    const sec = Math.round((now - Date.parse(iso)) / 1000);
    const abs = Math.abs(sec);
    const unit = abs < 90 ? [abs, 's'] : abs < 5400 ? [Math.round(abs / 60), 'min'] : abs < 129600 ? [Math.round(abs / 3600), 'h'] : [Math.round(abs / 86400), 'd'];
    return sec >= 0 ? `${unit[0]} ${unit[1]} ago` : `in ${unit[0]} ${unit[1]}`;
  }
  function ageText(seconds) {
    if (typeof seconds !== 'number') return '—';
    if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
    if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
    return `${Math.round(seconds / 86400)} d`;
  }
  const shortTime = (iso) => (iso ? iso.replace('T', ' ').slice(0, 16) + ' UTC' : '—');

  // ---------- data ----------
  function token() {
    const m = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
    if (m) {
      sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
    return sessionStorage.getItem(TOKEN_KEY);
  }
  class Unauthorized extends Error {}
  async function api(path) {
    const t = token();
    const res = await fetch(path, { headers: t ? { Authorization: `Bearer ${t}` } : {} });
    if (res.status === 401) throw new Unauthorized('token required');
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      const err = new Error(body && body.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${res.status}`);
      err.status = res.status;
      throw err;
    }
    return body;
  }
  function showError(message) {
    const el = $('error');
    el.textContent = message;
    el.classList.toggle('hidden', !message);
  }

  // ---------- status table ----------
  function metricCell(check, format, label) {
    const statusClass = check ? check.status : 'unknown';
    const td = h('td', { class: `metric-cell ${statusClass}`, 'data-metric': label, 'data-status': statusClass });
    if (!check || check.value === null || check.value === undefined) {
      td.append(h('span', { class: 'metric', text: '—' }));
      return td;
    }
    const cmp = check.kind === 'min' ? '≥' : '≤';
    const thr = check.threshold === null || check.threshold === undefined ? null : `${cmp} ${format(check.threshold)}`;
    td.append(h('span', { class: 'metric', text: format(check.value), title: `${check.basis || ''} value; ${thr ? `threshold ${thr}` : 'no absolute threshold (judged as skill against the baseline)'}` }));
    const parts = thr ? [`thr ${thr}`] : [];
    if (check.baseline !== null && check.baseline !== undefined) parts.push(`${check.baselineName || 'baseline'} ${format(check.baseline)}`);
    if (check.n !== null && check.n !== undefined) parts.push(`n=${check.n}`);
    if (check.basis && check.basis !== 'registry') parts.push(check.basis);
    td.append(h('span', { class: 'small', text: parts.join(' · ') }));
    return td;
  }

  // ---------- data freshness ----------
  /** The "Data" cell: last bar and sessions behind; green only when fresh. */
  function dataCell(m) {
    const f = m.freshness;
    if (!f) return h('td', { class: 'metric-cell unknown', 'data-metric': 'data', 'data-status': 'unknown' }, h('span', { class: 'metric', text: '—' }));
    const status = f.state === 'fresh' ? 'ok' : f.state === 'failing' ? 'breach' : 'warn';
    const behind = f.sessionsBehind === null ? 'no data' : f.sessionsBehind === 0 ? 'up to date' : `${f.sessionsBehind} session${f.sessionsBehind === 1 ? '' : 's'} behind`;
    return h('td', { class: `metric-cell ${status}`, 'data-metric': 'data', 'data-status': status, 'data-state': f.state, title: f.error || `last completed session ${f.lastCompletedSession}` },
      h('span', { class: 'metric', text: f.lastBar || '—' }),
      h('span', { class: 'small', text: f.state === 'failing' ? `refresh failing · ${behind}` : `${f.state} · ${behind}` }));
  }

  /** A banner naming every stale or failing symbol (hidden when all are fresh). */
  function renderFreshnessBanner(overview) {
    const el = $('freshness-banner');
    const bad = overview.models.filter((m) => m.freshness && m.freshness.state !== 'fresh');
    el.replaceChildren();
    el.classList.toggle('hidden', bad.length === 0);
    if (!bad.length) return;
    const failing = bad.some((m) => m.freshness.state === 'failing');
    el.className = `banner ${failing ? 'breach' : 'warn'}`;
    el.append(h('strong', { text: `Data not current for ${bad.length} symbol${bad.length === 1 ? '' : 's'}: ` }),
      h('ul', {}, bad.map((m) => {
        const f = m.freshness;
        const text = f.state === 'failing' ? `${m.symbol}: last refresh failed: ${f.error || 'unknown error'}`
          : f.lastBar === null ? `${m.symbol}: stale, no cached prices`
          : `${m.symbol}: stale, last bar ${f.lastBar}, ${f.sessionsBehind} sessions behind`;
        return h('li', { 'data-symbol': m.symbol, 'data-state': f.state, text });
      })),
      h('span', { class: 'small', text: `forecasts of these symbols are made from old data (last completed NYSE session: ${bad[0].freshness.lastCompletedSession})` }));
  }

  // ---------- skill column ----------
  const SKILL_RULES = [
    ['error-vs-persistence', 'error'], ['direction-vs-naive', 'dir'], ['brier-vs-base-rate', 'brier'], ['skill-drop', 'drop'], ['skill-trend', 'trend'], ['interval-coverage', 'cover'],
  ];
  const pValueText = (p) => (typeof p !== 'number' ? '—' : p < 0.001 ? '<0.001' : p.toFixed(3));

  /** One badge per skill rule (ok / breach / not judged) with n and p in its title; red only on breach. */
  function skillCell(skill) {
    if (!skill) {
      return h('td', { class: 'skill-cell', 'data-metric': 'skill', 'data-status': 'unknown' }, h('span', { class: 'small', text: 'no live judgement yet' }));
    }
    const judged = skill.tests.length > 0;
    const td = h('td', { class: 'skill-cell', 'data-metric': 'skill', 'data-status': !judged ? 'unknown' : skill.breached.length ? 'breach' : 'ok' });
    const badges = h('span', { class: 'skill-badges' });
    for (const [rule, label] of SKILL_RULES) {
      const t = skill.tests.find((x) => x.rule === rule);
      const status = !t ? 'not-judged' : t.breach ? 'breach' : 'ok';
      const title = t
        ? `${rule}: ${t.breach ? 'BREACH' : 'ok'} (n=${t.n}, p=${pValueText(t.pValue)}, Holm-adjusted p=${pValueText(t.adjustedPValue)}, α=${skill.alpha}) — ${t.detail}; baseline: ${t.baselineName}`
        : `${rule}: not judged${skill.note ? ` — ${skill.note}` : ''}`;
      badges.append(h('span', { class: `skill-badge ${status}`, 'data-rule': rule, 'data-status': status, title, text: label }));
    }
    td.append(badges, h('span', { class: 'small', text: judged ? `n=${skill.n} live · ${skill.from} → ${skill.to}` : skill.note || 'not judged' }));
    return td;
  }

  function renderTable(overview) {
    const now = Date.parse(overview.generatedAt);
    const tbody = document.querySelector('#status-table tbody');
    tbody.replaceChildren();
    for (const m of overview.models) {
      const f = m.latestForecast;
      const tr = h('tr', { 'data-symbol': m.symbol, class: m.symbol === state.selected ? 'selected' : null, onclick: () => select(m.symbol) },
        h('td', { class: 'symbol', text: m.symbol }),
        h('td', {}, m.championProblem
          ? h('span', { class: 'chip breach', 'data-problem': 'integrity', title: m.championProblem, text: 'broken' })
          : h('span', { class: `chip ${m.status}`, text: m.status === 'no-model' ? 'no model' : m.status === 'unknown' ? 'n/a' : m.status })),
        h('td', { class: 'version' },
          m.champion ? `v${m.champion.version}` : '—',
          h('span', { class: 'small', text: m.recipe ? `${m.recipe}${m.quick ? ' (quick)' : ''}` : (m.versionCount ? `${m.versionCount} version(s), no champion` : 'not trained') })),
        (() => {
          const td = metricCell(m.checks.age, (d) => `${d} d`, 'age');
          td.querySelector('.metric').textContent = m.ageSeconds === null ? '—' : ageText(m.ageSeconds);
          return td;
        })(),
        dataCell(m),
        metricCell(m.checks.directionAccuracy, pct, 'direction'),
        metricCell(m.checks.mape, (x) => pct(x, 2), 'mape'),
        metricCell(m.checks.confidence, pct, 'confidence'),
        skillCell(m.skill),
        h('td', { class: 'forecast' }, f
          ? [h('span', { class: `dir-${f.direction}`, text: `${f.direction === 'up' ? '▲' : f.direction === 'down' ? '▼' : '■'} ${money(f.forecastClose)}` }),
             h('span', { class: 'small', text: `${f.expectedChange !== null ? (f.expectedChange >= 0 ? '+' : '') + pct(f.expectedChange, 2) + ' · ' : ''}conf ${pct(f.confidence)} · as of ${f.asOf} · v${f.modelVersion}` })]
          : '—'),
        h('td', { class: 'last-run', title: m.lastRun ? m.lastRun.detail : '' }, m.lastRun
          ? [ago(m.lastRun.at, now), h('span', { class: 'small', text: `${m.lastRun.kind}: ${m.lastRun.detail.slice(0, 48)}` })]
          : '—'),
        h('td', { class: 'next-run' }, m.nextRun.training || m.nextRun.monitoring
          ? [m.nextRun.training ? `train ${ago(m.nextRun.training, now)}` : '', h('span', { class: 'small', text: m.nextRun.monitoring ? `monitor ${ago(m.nextRun.monitoring, now)}` : '' })]
          : h('span', { class: 'small', text: overview.schedules ? 'paused / none' : 'no schedule info' })),
        h('td', {}, h('span', { class: `incidents-count${m.openIncidents.total ? ' has' : ''}`, text: String(m.openIncidents.total), title: `critical ${m.openIncidents.critical} · warning ${m.openIncidents.warning} · info ${m.openIncidents.info}` }),
          m.openIncidents.total ? h('span', { class: 'small', text: `${m.openIncidents.critical} crit · ${m.openIncidents.warning} warn` }) : null),
        h('td', {}, m.links
          ? [h('a', { class: 'temporal-link', href: m.links.workflows, target: '_blank', rel: 'noopener', text: 'retrain runs ↗', onclick: (e) => e.stopPropagation() }),
             m.links.lastRunWorkflow ? h('a', { class: 'small', href: m.links.lastRunWorkflow, target: '_blank', rel: 'noopener', text: 'last run ↗', onclick: (e) => e.stopPropagation() }) : null]
          : '—'),
      );
      tbody.append(tr);
    }
  }

  function renderSchedules(overview) {
    const box = $('schedules');
    box.replaceChildren();
    const now = Date.parse(overview.generatedAt);
    if (overview.schedules && overview.schedules.length) {
      for (const sc of overview.schedules) {
        box.append(h('div', { class: 'schedule', 'data-schedule': sc.id },
          h('b', { text: sc.id }),
          sc.paused ? h('span', { class: 'paused', text: 'paused' }) : `next ${sc.nextRunTimes[0] ? `${ago(sc.nextRunTimes[0], now)} (${shortTime(sc.nextRunTimes[0])})` : '—'}`,
          sc.lastRun ? h('span', { class: 'small', text: `last ${ago(sc.lastRun, now)}` }) : null));
      }
    } else if (overview.schedulesError) {
      box.append(h('div', { class: 'schedule', text: overview.schedulesError }));
    }
    box.classList.toggle('hidden', box.childElementCount === 0);
  }

  // ---------- charts ----------
  /**
   * A line chart in inline SVG. series: [{ name, cls, points: [{ x: ms, y }], dots, line }];
   * bands: [{ name, cls, points: [{ x, low, high }] }] (shaded, drawn under the series);
   * thresholds: [{ y, label }]. Every series path and band carries data-points (its point count).
   */
  function lineChart(container, { series, bands = [], thresholds = [], yFormat, height = 220, xIsDate = true }) {
    container.replaceChildren();
    const bandPoints = bands.map((b) => b.points.filter((p) => isFinite(p.x) && isFinite(p.low) && isFinite(p.high)).sort((a, c) => a.x - c.x));
    const all = series.flatMap((sr) => sr.points)
      .concat(bandPoints.flat().flatMap((p) => [{ x: p.x, y: p.low }, { x: p.x, y: p.high }]))
      .filter((p) => isFinite(p.x) && isFinite(p.y));
    if (all.length === 0) {
      container.append(h('div', { class: 'empty', text: 'no data yet' }));
      return;
    }
    // Draw at the container's real width so that text keeps its CSS size.
    const W = Math.max(320, Math.round(container.clientWidth || 640));
    const H = height;
    const pad = { l: 56, r: 14, t: 24, b: 30 };
    let x0 = Math.min(...all.map((p) => p.x));
    let x1 = Math.max(...all.map((p) => p.x));
    if (x0 === x1) { x0 -= 86400000; x1 += 86400000; }
    const ys = all.map((p) => p.y).concat(thresholds.map((t) => t.y));
    let y0 = Math.min(...ys);
    let y1 = Math.max(...ys);
    const span = y1 - y0 || Math.abs(y1) * 0.1 || 1;
    y0 -= span * 0.08;
    y1 += span * 0.08;
    const sx = (x) => pad.l + ((x - x0) / (x1 - x0)) * (W - pad.l - pad.r);
    const sy = (y) => H - pad.b - ((y - y0) / (y1 - y0)) * (H - pad.t - pad.b);
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img' });
    // grid and y ticks
    for (let i = 0; i <= 4; i++) {
      const y = y0 + ((y1 - y0) * i) / 4;
      svg.append(s('line', { class: 'grid', x1: pad.l, x2: W - pad.r, y1: sy(y), y2: sy(y) }));
      svg.append(s('text', { class: 'tick', x: pad.l - 6, y: sy(y) + 4, 'text-anchor': 'end', text: yFormat(y) }));
    }
    // x ticks (a label equal to the previous one is skipped: short ranges repeat days)
    let previous = '';
    const xTicks = W < 500 ? 2 : 4;
    for (let i = 0; i <= xTicks; i++) {
      const x = x0 + ((x1 - x0) * i) / xTicks;
      const label = xIsDate ? new Date(x).toISOString().slice(0, 10) : String(Math.round(x));
      if (label === previous) continue;
      previous = label;
      svg.append(s('text', { class: 'tick', x: sx(x), y: H - pad.b + 16, 'text-anchor': i === 0 ? 'start' : i === xTicks ? 'end' : 'middle', text: label }));
    }
    svg.append(s('line', { class: 'axis', x1: pad.l, x2: pad.l, y1: pad.t, y2: H - pad.b }));
    svg.append(s('line', { class: 'axis', x1: pad.l, x2: W - pad.r, y1: H - pad.b, y2: H - pad.b }));
    for (const t of thresholds) {
      svg.append(s('path', { class: 'threshold', d: `M${sx(x0).toFixed(1)},${sy(t.y).toFixed(1)}H${sx(x1).toFixed(1)}` }));
      svg.append(s('text', { class: 'threshold-label', x: W - pad.r - 2, y: sy(t.y) - 4, 'text-anchor': 'end', text: t.label }));
    }
    // bands: the upper edge left to right, then the lower edge back
    let lx = pad.l;
    bands.forEach((b, k) => {
      const pts = bandPoints[k];
      if (pts.length < 2) return;
      const upper = pts.map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.high).toFixed(1)}`).join('');
      const lower = pts.slice().reverse().map((p) => `L${sx(p.x).toFixed(1)},${sy(p.low).toFixed(1)}`).join('');
      svg.append(s('path', { class: `band ${b.cls}`, d: `${upper}${lower}Z`, 'data-band': b.name, 'data-points': pts.length }));
      svg.append(s('rect', { class: `band ${b.cls}`, x: lx, y: 7, width: 10, height: 10, rx: 2 }));
      svg.append(s('text', { class: 'legend-text', x: lx + 14, y: 16, text: b.name }));
      lx += 28 + (b.name.length + 1) * 6.5;
    });
    // series
    for (const sr of series) {
      const pts = sr.points.filter((p) => isFinite(p.x) && isFinite(p.y)).sort((a, b) => a.x - b.x);
      if (pts.length === 0) continue;
      const d = pts.map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('');
      if (sr.line !== false) svg.append(s('path', { class: `series ${sr.cls}`, d, 'data-series': sr.name, 'data-points': pts.length }));
      if (sr.dots || pts.length < 3 || sr.line === false) {
        const g = s('g', { 'data-series-dots': sr.name, 'data-points': pts.length });
        for (const p of pts) g.append(s('circle', { class: `dot ${sr.cls}`, cx: sx(p.x).toFixed(1), cy: sy(p.y).toFixed(1), r: sr.line === false ? 3.5 : 3 }, s('title', { text: `${sr.name}: ${yFormat(p.y)} (${new Date(p.x).toISOString().slice(0, 10)})` })));
        svg.append(g);
      }
      svg.append(s('rect', { class: `dot ${sr.cls}`, x: lx, y: 7, width: 10, height: 10, rx: 2 }));
      svg.append(s('text', { class: 'legend-text', x: lx + 14, y: 16, text: `${sr.name} (${pts.length})` }));
      lx += 28 + (sr.name.length + 4) * 6.5;
    }
    container.append(svg);
  }

  const time = (iso) => Date.parse(iso);
  const day = (d) => Date.parse(`${d}T00:00:00Z`);
  const metric = (obj, key) => (obj && typeof obj[key] === 'number' ? obj[key] : NaN);

  function renderMetricCharts(detail) {
    const evals = detail.evaluations || [];
    const live = detail.liveScores || [];
    const byKind = (kind) => evals.filter((e) => e.kind === kind);
    const evalSeries = (key, kinds) => kinds.map((kind, i) => ({
      name: kind, cls: `s${i + 1}`, dots: true,
      points: byKind(kind).map((e) => ({ x: time(e.evaluatedAt), y: metric(e.metrics, key) })),
    })).filter((sr) => sr.points.length);
    const kinds = ['holdout', 'backtest'];
    lineChart($('chart-mape'), {
      yFormat: (y) => pct(y, 2),
      thresholds: detail.thresholds.maxMape === null ? [] : [{ y: detail.thresholds.maxMape, label: `max ${pct(detail.thresholds.maxMape)}` }],
      series: [
        ...evalSeries('mape', kinds),
        { name: 'live', cls: 's3', dots: true, points: live.map((l) => ({ x: time(l.scoredAt), y: l.mape })) },
        { name: 'persistence', cls: 's4', points: evals.map((e) => ({ x: time(e.evaluatedAt), y: metric(e.metrics, 'persistenceMape') })) },
      ].filter((sr) => sr.points.some((p) => isFinite(p.y))),
    });
    lineChart($('chart-direction'), {
      yFormat: (y) => pct(y),
      thresholds: detail.thresholds.minDirectionAccuracy === null ? [] : [{ y: detail.thresholds.minDirectionAccuracy, label: `min ${pct(detail.thresholds.minDirectionAccuracy)}` }],
      series: [
        ...evalSeries('directionAccuracy', kinds),
        { name: 'live', cls: 's3', dots: true, points: live.map((l) => ({ x: time(l.scoredAt), y: l.directionAccuracy })) },
        { name: 'baseline', cls: 's4', points: evals.map((e) => ({ x: time(e.evaluatedAt), y: metric(e.metrics, 'baselineDirectionAccuracy') })) },
      ].filter((sr) => sr.points.some((p) => isFinite(p.y))),
    });
  }

  function renderForecastChart(data) {
    const holdout = data && data.holdout ? data.holdout.points : [];
    const stored = data ? data.stored : [];
    // Where a stored forecast lands: the session it was for, when known, else the day after its data.
    const storedX = (p) => day(p.actualDate || p.targetDate || p.asOf) + (p.actualDate || p.targetDate ? 0 : 86400000);
    const caption = $('forecast-caption');
    if (data && data.holdout) {
      caption.textContent = `(v${data.holdout.version} walk-forward over its holdout ${data.holdout.from} → ${data.holdout.to}: n=${data.holdout.n}, MAPE ${pct(data.holdout.mape, 2)}, direction ${pct(data.holdout.directionAccuracy)}; dots: stored forecasts)`;
    } else {
      caption.textContent = data && data.holdoutUnavailable ? `(holdout forecasts unavailable: ${data.holdoutUnavailable})` : '';
    }
    lineChart($('chart-forecast'), {
      height: 260,
      yFormat: money,
      series: [
        { name: 'actual close', cls: 's1', points: holdout.map((p) => ({ x: day(p.date), y: p.actualClose })) },
        { name: 'forecast close', cls: 's2', points: holdout.map((p) => ({ x: day(p.date), y: p.forecastClose })) },
        { name: 'stored forecasts', cls: 's3', line: false, points: stored.map((p) => ({ x: storedX(p), y: p.forecastClose })) },
        { name: 'stored: actual', cls: 's4', line: false, points: stored.filter((p) => p.actualClose !== null).map((p) => ({ x: storedX(p), y: p.actualClose })) },
      ].filter((sr) => sr.points.length),
      // The 80% prediction interval of each holdout forecast (absent for models trained before intervals).
      bands: [{ name: '80% interval', cls: 's2', points: holdout.filter((p) => p.intervals).map((p) => ({ x: day(p.date), low: p.intervals.p80.low, high: p.intervals.p80.high })) }]
        .filter((b) => b.points.length),
    });
  }

  function renderLists(detail) {
    const decisions = $('decisions');
    decisions.replaceChildren(...(detail.decisions || []).slice(-8).reverse().map((d) =>
      h('li', {}, h('span', { class: 'when', text: shortTime(d.at) }), `${d.promoted ? 'promoted' : 'kept'} ${d.challengerVersion !== null ? `v${d.challengerVersion}` : ''} — ${d.reason}`)));
    if (!decisions.childElementCount) decisions.append(h('li', { class: 'small', text: 'none yet' }));
    const incidents = $('symbol-incidents');
    incidents.replaceChildren(...(detail.incidents || []).map(incidentItem));
    if (!incidents.childElementCount) incidents.append(h('li', { class: 'small', text: 'none' }));
  }

  /** One incident, read-only: severity, subject, count and first/last seen, message, and what to do. */
  function incidentItem(i) {
    return h('li', { 'data-incident': String(i.id) },
      h('span', { class: `chip ${i.severity === 'critical' ? 'breach' : i.severity === 'warning' ? 'warn' : 'unknown'}`, text: i.severity }),
      h('span', { class: 'subject', text: `${i.symbol || 'system'} · ${i.rule}` }),
      h('span', { class: 'when', text: `×${i.occurrences} · since ${shortTime(i.firstSeen)} · last ${shortTime(i.lastSeen)}${i.acknowledged ? ' · acknowledged' : ''}` }),
      ` ${i.message}`,
      h('span', { class: 'what', text: `What to do: ${i.advice}` }));
  }

  function renderIncidents(list) {
    const ul = $('incidents');
    ul.replaceChildren(...list.incidents.map(incidentItem));
    if (!ul.childElementCount) ul.append(h('li', { class: 'small', text: 'none open' }));
    const critical = list.incidents.filter((i) => i.severity === 'critical').length;
    $('incidents-summary').textContent = list.incidents.length ? `${list.incidents.length} open${critical ? `, ${critical} critical` : ''}` : '';
  }

  /** The holdout interval scores beside the rolling-std baseline's, as one line (empty for models trained before intervals). */
  function intervalsText(holdout) {
    const iv = holdout && holdout.intervals;
    if (!iv) return '';
    const level = (key, label) => {
      const m = iv.model[key];
      const b = iv.rollingStd[key];
      return `${label}: coverage ${pct(m.coverage)} (rolling-std ${pct(b.coverage)}), mean width ${pct(m.meanWidth, 2)} (${pct(b.meanWidth, 2)}), Winkler ${pct(m.intervalScore, 2)} (${pct(b.intervalScore, 2)}), pinball ${pct(m.pinball, 3)} (${pct(b.pinball, 3)})`;
    };
    return `Holdout intervals of the next log return, n=${iv.model.p80.n}: ${level('p80', '80%')}; ${level('p95', '95%')}.`;
  }

  async function select(symbol) {
    state.selected = symbol;
    for (const tr of document.querySelectorAll('#status-table tbody tr')) tr.classList.toggle('selected', tr.dataset.symbol === symbol);
    $('symbol-select').value = symbol;
    $('detail-title').textContent = `${symbol}: history and forecasts`;
    const note = $('detail-note');
    note.textContent = 'loading…';
    try {
      const detail = await api(`/models/${encodeURIComponent(symbol)}`);
      if (state.selected !== symbol) return;
      const c = detail.champion;
      note.textContent = c
        ? `Champion v${c.version} since ${shortTime(c.since)} (${c.reason}); trained ${shortTime(detail.trainedAt)} on ${detail.dataRange ? `${detail.dataRange.from} → ${detail.dataRange.to}` : 'unknown data'}; ${detail.versions.length} version(s) kept.`
        : `No champion; ${detail.versions.length} version(s) kept.`;
      if (detail.championProblem) note.textContent += ` Integrity problem: ${detail.championProblem} — the next retrain restores the newest intact version first.`;
      $('detail-intervals').textContent = intervalsText(detail.holdout);
      renderMetricCharts(detail);
      renderLists(detail);
      renderForecastChart(null);
      const forecasts = await api(`/models/${encodeURIComponent(symbol)}/forecasts`);
      if (state.selected === symbol) renderForecastChart(forecasts);
    } catch (err) {
      if (err instanceof Unauthorized) return needToken();
      if (state.selected !== symbol) return;
      note.textContent = err.status === 404 ? `${symbol}: ${err.message}` : `could not load ${symbol}: ${err.message}`;
      $('detail-intervals').textContent = '';
      for (const id of ['chart-mape', 'chart-direction', 'chart-forecast']) $(id).replaceChildren(h('div', { class: 'empty', text: 'no model' }));
      $('decisions').replaceChildren();
      $('symbol-incidents').replaceChildren();
    }
  }

  function needToken() {
    $('token-form').classList.remove('hidden');
    $('generated').textContent = 'token required';
    $('token-input').focus();
  }

  async function load() {
    try {
      const overview = await api('/models');
      state.overview = overview;
      $('token-form').classList.add('hidden');
      showError('');
      $('generated').textContent = `updated ${shortTime(overview.generatedAt)}`;
      const home = $('temporal-home');
      if (overview.temporalUi) {
        home.href = `${overview.temporalUi.baseUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(overview.temporalUi.namespace)}/workflows`;
        home.classList.remove('hidden');
      }
      renderSchedules(overview);
      renderFreshnessBanner(overview);
      renderTable(overview);
      renderIncidents(await api('/incidents?status=open'));
      const select$ = $('symbol-select');
      select$.replaceChildren(...overview.models.map((m) => h('option', { value: m.symbol, text: m.symbol + (m.champion ? '' : ' (no model)') })));
      const first = overview.models.find((m) => m.symbol === state.selected) || overview.models.find((m) => m.champion) || overview.models[0];
      if (first) await select(first.symbol);
    } catch (err) {
      if (err instanceof Unauthorized) return needToken();
      showError(`could not load /models: ${err.message}`);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('refresh').addEventListener('click', () => load());
    $('symbol-select').addEventListener('change', (e) => select(e.target.value));
    $('token-form').addEventListener('submit', (e) => {
      e.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $('token-input').value.trim());
      load();
    });
    load();
  });
})();
