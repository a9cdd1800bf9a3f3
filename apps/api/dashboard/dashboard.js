/*
 * stockflow dashboard (an ES module, no dependencies): reads /models, /models/:symbol,
 * /models/:symbol/forecasts, /incidents and /workflows from this API, draws the status table
 * and inline-SVG charts, and acts through the action routes (retrain, acknowledge, pause,
 * unpause, run now). The selected symbol lives in the URL (#symbol=SPY; back and forward work);
 * the rows refresh by themselves (live.js).
 */
import { api, storeToken, token, Unauthorized } from './api.js';
import { $, h, s } from './dom.js';
import { percentAgainst, timeTicks } from './format.js';
import { activityText, createLive } from './live.js';

(function () {
  const state = { overview: null, selected: null, shownVersion: null };

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

  function showError(message) {
    const el = $('error');
    el.textContent = message;
    el.classList.toggle('hidden', !message);
  }

  // ---------- status table ----------
  /**
   * A metric against its threshold: the value (rounded so a failing value never prints equal to
   * its threshold: format.js) on one line, threshold · baseline · n on a second (never more).
   * `digits`: decimals of a percent metric; `format`: a non-percent value's text.
   */
  function metricCell(check, label, { digits = 1, format } = {}) {
    const statusClass = check ? check.status : 'unknown';
    const td = h('td', { class: `metric-cell ${statusClass}`, 'data-metric': label, 'data-status': statusClass });
    if (!check || check.value === null || check.value === undefined) {
      td.append(h('span', { class: 'metric', text: '—' }));
      return td;
    }
    const fmt = format || ((x) => pct(x, digits));
    const cmp = check.kind === 'min' ? '≥' : '≤';
    const thr = check.threshold === null || check.threshold === undefined ? null : `${cmp} ${fmt(check.threshold)}`;
    const value = format ? format(check.value) : percentAgainst(check.value, check.threshold, check.kind, digits);
    // Short enough to stay on one line at desktop width; the title says it in full (with the basis).
    const parts = thr ? [thr] : [];
    const hasBaseline = check.baseline !== null && check.baseline !== undefined;
    if (hasBaseline) parts.push(`vs ${fmt(check.baseline)}`);
    if (check.n !== null && check.n !== undefined) parts.push(`n=${check.n}`);
    const title = `${check.basis || ''} value ${value}; ${thr ? `threshold ${thr}` : 'no absolute threshold (judged as skill against the baseline)'}`
      + `${hasBaseline ? `; ${check.baselineName || 'naive baseline'} on the same sessions ${fmt(check.baseline)}` : ''}${check.n !== null && check.n !== undefined ? `; n=${check.n}` : ''}`;
    td.append(h('span', { class: 'metric', text: value, title }), h('span', { class: 'small detail', text: parts.join(' · '), title }));
    return td;
  }

  // ---------- data freshness ----------
  /** The "Data" cell: last bar and sessions behind; green only when fresh. */
  function dataCell(m) {
    const f = m.freshness;
    if (!f) return h('td', { class: 'metric-cell unknown', 'data-metric': 'data', 'data-status': 'unknown' }, h('span', { class: 'metric', text: '—' }));
    const status = f.state === 'fresh' ? 'ok' : f.state === 'failing' ? 'breach' : 'warn';
    const behind = f.sessionsBehind === null ? 'no data' : f.sessionsBehind === 0 ? 'up to date' : `${f.sessionsBehind} behind`;
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
      return h('td', { class: 'skill-cell', 'data-metric': 'skill', 'data-status': 'unknown', title: 'no live judgement yet: monitoring judges the champion once it has scored live sessions' }, h('span', { class: 'small', text: 'not judged yet' }));
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

  /** Why a symbol has no champion, for its row (empty when it has one). */
  function noChampionReason(m) {
    if (m.champion) return '';
    if (m.championProblem) return `champion unreadable: ${m.championProblem}`;
    if (!m.versionCount) return m.freshness && m.freshness.lastBar === null ? 'never trained: no cached prices yet' : 'never trained';
    // The latest promotion decision says why (lastDecision when the API gives it, else a retrain as the last run).
    const d = m.lastDecision;
    const decision = d
      ? `${d.promoted ? 'promoted' : 'kept'}${d.challengerVersion !== null ? ` v${d.challengerVersion}` : ''}: ${d.reason}`
      : m.lastRun && m.lastRun.kind === 'retrain' ? m.lastRun.detail : '';
    return `${m.versionCount} version(s), none promoted${decision ? ` — last retrain ${decision}` : ''}`;
  }

  /** The Temporal UI's list of a symbol's workflows (the `Symbol` search attribute). */
  function symbolWorkflowsLink(ui, symbol) {
    return `${ui.baseUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(ui.namespace)}/workflows?query=${encodeURIComponent(`Symbol="${symbol}"`)}`;
  }

  /** The row's "Now" cell: the running retrain's stage and epoch, or nothing. */
  function fillActivity(td, symbol) {
    const w = live.of(symbol);
    td.dataset.activity = w ? 'running' : 'idle';
    td.dataset.stage = w ? w.stage : '';
    const link = w && w.link ? h('a', { class: 'small', href: w.link, target: '_blank', rel: 'noopener', text: 'run ↗', onclick: (e) => e.stopPropagation() }) : null;
    td.replaceChildren(...(w ? [h('span', { class: 'activity-text', text: activityText(w) }), link] : [h('span', { class: 'small', text: '—' })]));
    const tr = td.closest('tr');
    if (tr) for (const b of tr.querySelectorAll('button.retrain')) b.disabled = Boolean(w);
  }

  function renderActivity() {
    for (const td of document.querySelectorAll('#status-table td.activity')) fillActivity(td, td.closest('tr').dataset.symbol);
  }

  async function retrain(symbol, quick) {
    try {
      const started = await api(`/models/${encodeURIComponent(symbol)}/retrain`, { quick });
      live.requested(symbol);
      renderActivity();
      say(started.status === 'started' ? `${symbol}: ${quick ? 'quick' : 'full'} retrain started (${started.workflowId})` : `${symbol}: a retrain is already running`);
      live.pollSoon();
    } catch (err) {
      actionFailed(err, `retrain ${symbol}`);
    }
  }

  function renderTable(overview) {
    const now = Date.parse(overview.generatedAt);
    const tbody = document.querySelector('#status-table tbody');
    tbody.replaceChildren();
    const stop = (e) => e.stopPropagation();
    for (const m of overview.models) {
      const f = m.latestForecast;
      const reason = noChampionReason(m);
      const tr = h('tr', { 'data-symbol': m.symbol, class: m.symbol === state.selected ? 'selected' : null, onclick: () => select(m.symbol, { push: true }) },
        h('td', { class: 'symbol', 'data-label': 'Symbol' }, h('span', { class: 'symbol-name', text: m.symbol }), ' ',
          m.championProblem
            ? h('span', { class: 'chip breach', 'data-problem': 'integrity', title: m.championProblem, text: 'broken' })
            : h('span', { class: `chip ${m.status}`, text: m.status === 'no-model' ? 'no model' : m.status === 'unknown' ? 'n/a' : m.status }),
          overview.temporalUi ? h('a', { class: 'temporal-link small', href: symbolWorkflowsLink(overview.temporalUi, m.symbol), target: '_blank', rel: 'noopener', text: 'workflows ↗', onclick: stop }) : null),
        h('td', { class: 'version', 'data-label': 'Version' },
          m.champion ? `v${m.champion.version}` : '—',
          reason
            ? h('span', { class: 'small no-champion', 'data-reason': '', text: reason, title: reason })
            : h('span', { class: 'small', text: m.recipe ? `${m.recipe}${m.quick ? ' (quick)' : ''}` : '' })),
        (() => {
          const td = metricCell(m.checks.age, 'age', { format: (d) => `${d} d` });
          td.querySelector('.metric').textContent = m.ageSeconds === null ? '—' : ageText(m.ageSeconds);
          return td;
        })(),
        dataCell(m),
        metricCell(m.checks.directionAccuracy, 'direction'),
        metricCell(m.checks.mape, 'mape', { digits: 2 }),
        metricCell(m.checks.confidence, 'confidence'),
        skillCell(m.skill),
        h('td', { class: 'forecast', 'data-label': 'Forecast' }, f
          ? [h('span', { class: `dir-${f.direction}`, text: `${f.direction === 'up' ? '▲' : f.direction === 'down' ? '▼' : '■'} ${money(f.forecastClose)}` }),
             h('span', { class: 'small', text: `${f.expectedChange !== null ? (f.expectedChange >= 0 ? '+' : '') + pct(f.expectedChange, 2) + ' · ' : ''}as of ${f.asOf.slice(5)}`, title: `as of ${f.asOf} · confidence ${pct(f.confidence)} · v${f.modelVersion}` })]
          : '—'),
        h('td', { class: 'last-run', 'data-label': 'Runs', title: m.lastRun ? m.lastRun.detail : '' },
          m.lastRun ? `${m.lastRun.kind} ${ago(m.lastRun.at, now)}` : '—',
          h('span', { class: 'small next-run', title: m.nextRun.monitoring ? `next monitoring ${ago(m.nextRun.monitoring, now)} (${shortTime(m.nextRun.monitoring)})` : '', text: m.nextRun.training
            ? `next: train ${ago(m.nextRun.training, now)}`
            : m.nextRun.monitoring ? `next: monitor ${ago(m.nextRun.monitoring, now)}` : overview.schedules ? 'no run scheduled' : 'no schedule info' })),
        h('td', { class: 'incidents', 'data-label': 'Incidents' }, h('span', { class: `incidents-count${m.openIncidents.total ? ' has' : ''}`, text: String(m.openIncidents.total), title: `critical ${m.openIncidents.critical} · warning ${m.openIncidents.warning} · info ${m.openIncidents.info}` }),
          m.openIncidents.total ? h('span', { class: 'small', text: `${m.openIncidents.critical} crit · ${m.openIncidents.warning} warn` }) : null),
        h('td', { class: 'activity', 'data-label': 'Now' }),
        h('td', { class: 'actions', 'data-label': 'Actions' },
          h('button', { type: 'button', class: 'retrain', 'data-quick': 'true', title: `quick retrain of ${m.symbol} (a retrainSymbol workflow)`, text: 'Retrain', onclick: (e) => { stop(e); retrain(m.symbol, true); } }),
          h('button', { type: 'button', class: 'retrain full', 'data-quick': 'false', title: `full retrain of ${m.symbol}`, text: 'Full', onclick: (e) => { stop(e); retrain(m.symbol, false); } })),
      );
      for (const [i, th] of document.querySelectorAll('#status-table thead th').entries()) {
        const td = tr.children[i];
        if (td && !td.dataset.label) td.dataset.label = th.textContent;
      }
      tbody.append(tr);
      fillActivity(tr.querySelector('td.activity'), m.symbol);
    }
  }

  async function scheduleAction(id, verb) {
    try {
      const answer = await api(`/schedules/${encodeURIComponent(id)}/${verb}`, {});
      say(verb === 'trigger' ? (answer.triggered ? `${id}: started now` : `${id}: a run is still going; none added`) : `${id}: ${verb}d`);
      await load();
      if (verb === 'trigger') live.pollSoon();
    } catch (err) {
      actionFailed(err, `${verb} ${id}`);
    }
  }

  function renderSchedules(overview) {
    const box = $('schedules');
    box.replaceChildren();
    const now = Date.parse(overview.generatedAt);
    if (overview.schedules && overview.schedules.length) {
      for (const sc of overview.schedules) {
        box.append(h('div', { class: 'schedule', 'data-schedule': sc.id, 'data-paused': String(sc.paused) },
          h('b', { text: sc.id }),
          sc.paused ? h('span', { class: 'paused', text: 'paused' }) : `next ${sc.nextRunTimes[0] ? `${ago(sc.nextRunTimes[0], now)} (${shortTime(sc.nextRunTimes[0])})` : '—'}`,
          sc.lastRun ? h('span', { class: 'small', text: `last ${ago(sc.lastRun, now)}` }) : null,
          h('span', { class: 'schedule-actions' },
            h('button', { type: 'button', class: sc.paused ? 'unpause' : 'pause', text: sc.paused ? 'Unpause' : 'Pause', onclick: () => scheduleAction(sc.id, sc.paused ? 'unpause' : 'pause') }),
            h('button', { type: 'button', class: 'trigger', text: 'Run now', title: 'start its workflow now (skipped while a run of it is going)', onclick: () => scheduleAction(sc.id, 'trigger') }))));
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
    // x ticks: a real time axis (round minutes, hours or days as the span needs: format.js), so
    // same-day points spread by their time instead of sharing one date label.
    const ticks = xIsDate ? timeTicks(x0, x1, W < 500 ? 3 : 6) : [x0, x1].map((x) => ({ x, label: String(Math.round(x)) }));
    for (const t of ticks) {
      svg.append(s('line', { class: 'grid', x1: sx(t.x), x2: sx(t.x), y1: pad.t, y2: H - pad.b }));
      svg.append(s('text', { class: 'tick x-tick', x: sx(t.x), y: H - pad.b + 16, 'text-anchor': 'middle', 'data-x': t.x, text: t.label }));
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

  async function acknowledge(id) {
    try {
      const answer = await api(`/incidents/${id}/acknowledge`, {});
      say(answer.alreadyAcknowledged ? `incident ${id} was already acknowledged` : `incident ${id} acknowledged`);
      await refreshIncidents();
    } catch (err) {
      actionFailed(err, `acknowledge incident ${id}`);
    }
  }

  /** One incident: severity, subject, count and first/last seen, message, what to do, and Acknowledge until it is. */
  function incidentItem(i) {
    return h('li', { 'data-incident': String(i.id), 'data-acknowledged': String(i.acknowledged) },
      i.acknowledged ? null : h('button', { type: 'button', class: 'ack', title: 'mark it seen (it stays open until monitoring finds it cleared)', text: 'Acknowledge', onclick: () => acknowledge(i.id) }),
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

  /** The symbol named in the URL (#symbol=SPY), or null. */
  function symbolInUrl() {
    const m = /(?:^|[#&])symbol=([^&]+)/.exec(location.hash);
    return m ? decodeURIComponent(m[1]).toUpperCase() : null;
  }

  /** Show a symbol's detail; `push`: a person chose it, so it goes into the URL (back returns to the previous one). */
  async function select(symbol, { push = false } = {}) {
    if (push && symbolInUrl() !== symbol) history.pushState(null, '', `#symbol=${encodeURIComponent(symbol)}`);
    state.selected = symbol;
    const row = state.overview && state.overview.models.find((m) => m.symbol === symbol);
    state.shownVersion = row && row.champion ? row.champion.version : null;
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

  /** A line saying what an action did (role=status). */
  function say(message) {
    $('action-status').textContent = message;
  }

  function actionFailed(err, what) {
    if (err instanceof Unauthorized) return needToken();
    say('');
    showError(`could not ${what}: ${err.message}`);
  }

  async function refreshIncidents() {
    renderIncidents(await api('/incidents?status=open'));
    if (state.selected) {
      const detail = await api(`/models/${encodeURIComponent(state.selected)}`).catch(() => null);
      if (detail) renderLists(detail);
    }
  }

  /**
   * (Re)load the rows, schedules and incidents; the selected symbol's detail is reloaded on the
   * first load, when its champion changed, or when `detail` says so.
   */
  async function load({ detail = false } = {}) {
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
      const wanted = symbolInUrl() || state.selected;
      const first = overview.models.find((m) => m.symbol === wanted) || overview.models.find((m) => m.champion) || overview.models[0];
      const version = first && first.champion ? first.champion.version : null;
      if (first && (detail || first.symbol !== state.selected || version !== state.shownVersion)) await select(first.symbol);
      else if (first) $('symbol-select').value = first.symbol;
    } catch (err) {
      if (err instanceof Unauthorized) return needToken();
      showError(`could not load /models: ${err.message}`);
    }
  }

  const live = createLive({
    onChange: (error) => {
      renderActivity();
      $('live-status').textContent = error ? `live workflows: ${error}` : '';
    },
    // A retrain ended: its row shows the new version (or the kept one) without a page reload.
    onFinished: () => load(),
    onError: (err) => {
      if (err instanceof Unauthorized) needToken();
    },
  });
  /** The rows refresh by themselves (the schedules' next runs, new forecasts) besides the live workflows. */
  const REFRESH_MS = 30000;

  document.addEventListener('DOMContentLoaded', () => {
    $('refresh').addEventListener('click', () => load({ detail: true }));
    $('symbol-select').addEventListener('change', (e) => select(e.target.value, { push: true }));
    // Back and forward move between the symbols chosen.
    window.addEventListener('popstate', () => {
      const symbol = symbolInUrl();
      if (symbol && symbol !== state.selected) select(symbol);
    });
    $('token-form').addEventListener('submit', (e) => {
      e.preventDefault();
      storeToken($('token-input').value.trim());
      load().then(() => live.start());
    });
    token();
    load().then(() => live.start());
    setInterval(() => { if (!document.hidden) load(); }, REFRESH_MS);
  });
})();
