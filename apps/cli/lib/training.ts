import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { retrainProgress, startPipeline, type RetrainProgress } from '../../../client/index.js';
import { workflowIds } from '../../../common/constants.js';
import type { BatchRetrainResult, RetrainRequestOutcome } from '../../../common/wire/index.js';
import type { CommandResult } from './command.js';
import type { CommandContext, ProgressSink } from './context.js';
import { EXIT } from './errors.js';
import { num, pct, table } from './format.js';
import { EpochEstimate, timing } from './progress-timing.js';
import { unlisted } from './values.js';
import { keepRunningOnInterrupt, noWaitResult, started, workflowFailure } from './workflow-run.js';

export interface TrainRequest {
  /** Absent: every configured symbol. */
  symbols?: string[];
  quick: boolean;
  /** Skip the wait for the market close. */
  force: boolean;
  wait: boolean;
}

const POLL_MS = 500;

/**
 * `train`, `quick-train`, `train-all`: starts `trainSymbols` (which runs one `retrain-SYMBOL`
 * child per symbol) and, unless --no-wait, shows each child's stage and epochs until the batch
 * is done. Exit 1 when any symbol's retrain failed.
 */
export async function runTraining(ctx: CommandContext, request: TrainRequest): Promise<CommandResult> {
  const session = await ctx.temporal();
  const handle = await startPipeline(session.client, 'trainSymbols',
    { symbols: request.symbols, quick: request.quick, force: request.force }, { taskQueue: session.taskQueue });
  const run = started(session, 'trainSymbols', handle);
  const symbols = request.symbols ?? ctx.config().symbols;
  if (!request.wait) return noWaitResult(run, { symbols, quick: request.quick });

  ctx.progress.write(`${request.quick ? 'quick-training' : 'training'} ${symbols.join(', ')} — workflow ${run.workflowId}${run.uiLink ? ` (${run.uiLink})` : ''}\n`);
  const detach = keepRunningOnInterrupt(run);
  const result = handle.result() as Promise<BatchRetrainResult>;
  let batch: BatchRetrainResult;
  try {
    const lines = new ProgressLines(symbols, ctx.progress);
    await watchRetrains(session.client, run.workflowId, lines, symbols, result);
    batch = await result;
    lines.update(symbols.map((s) => ({ text: finalState(batch.outcomes.find((o) => o.symbol === s)) })));
  } catch (err) {
    throw workflowFailure(err, run);
  } finally {
    detach();
  }
  const outcomes = batch.outcomes.map(summarizeOutcome);
  return {
    data: { waited: true, ...run, quick: request.quick, ...batch, symbols: outcomes },
    lines: renderBatch(batch, outcomes),
    exitCode: batch.failed > 0 ? EXIT.failed : EXIT.ok,
  };
}

export interface SymbolTrainingSummary {
  symbol: string;
  status: RetrainRequestOutcome['status'];
  promoted: boolean | null;
  decision: string | null;
  challengerVersion: number | null;
  championBefore: number | null;
  championAfter: number | null;
  error: string | null;
}

function summarizeOutcome(o: RetrainRequestOutcome): SymbolTrainingSummary {
  const r = o.result;
  return {
    symbol: o.symbol,
    status: o.status,
    promoted: r ? r.promoted : null,
    decision: r ? r.decision : null,
    challengerVersion: r?.challengerVersion ?? null,
    championBefore: r?.championBefore ?? null,
    championAfter: r?.championAfter ?? null,
    error: o.error ?? null,
  };
}

function renderBatch(batch: BatchRetrainResult, outcomes: SymbolTrainingSummary[]): string[] {
  const rows = batch.outcomes.map((o) => {
    const r = o.result;
    const c = r?.challenger;
    return [
      o.symbol,
      o.status === 'done' ? (r?.promoted ? 'promoted' : 'kept champion') : o.status,
      r ? `v${r.challengerVersion}` : '—',
      r?.championAfter != null ? `v${r.championAfter}` : '—',
      c ? `${pct(c.directionAccuracy)} vs ${pct(c.baselineDirectionAccuracy)}` : '—',
      c ? `${pct(c.mape, 2)} vs ${pct(c.persistenceMape, 2)}` : '—',
      c ? String(c.n) : '—',
    ];
  });
  const lines = table(['symbol', 'outcome', 'trained', 'champion', 'direction (baseline)', 'MAPE (persistence)', 'n'], rows);
  for (const o of outcomes) {
    if (o.decision) lines.push(`${o.symbol}: ${o.decision}`);
    if (o.error) lines.push(`${o.symbol}: FAILED ${o.error}`);
    if (o.status === 'already-running') lines.push(`${o.symbol}: another retrain of it was already running; nothing was started for it`);
  }
  lines.push(`${batch.requested} requested: ${batch.promoted} promoted, ${batch.kept} kept, ${batch.failed} failed, ${batch.alreadyRunning} already running`);
  return lines;
}

/** What one symbol's line says, and its epoch progress when it trains (for the estimate). */
export interface SymbolState {
  text: string;
  epoch?: number;
  epochs?: number;
}

/**
 * One line per symbol, each ending with the time since the command started waiting and, while
 * the symbol trains, an estimate of what is left in its fit: rewritten in place on a terminal
 * (the clock ticks), printed when the state changes otherwise (never just because time passed).
 */
export class ProgressLines {
  private readonly shown = new Map<string, SymbolState>();
  private readonly estimate = new EpochEstimate();
  private drawn = 0;
  private readonly width: number;
  private readonly started: number;

  constructor(private readonly symbols: string[], private readonly out: ProgressSink, private readonly now: () => number = Date.now) {
    this.width = Math.max(...symbols.map((s) => s.length));
    this.started = now();
  }

  last(symbol: string): SymbolState | undefined {
    return this.shown.get(symbol);
  }

  update(states: SymbolState[]): void {
    const { symbols, out } = this;
    const now = this.now();
    const changed = symbols.map((s, i) => this.shown.get(s)?.text !== states[i]?.text);
    const rendered = symbols.map((s, i) => {
      const state = states[i] ?? { text: '' };
      let left: number | null = null;
      if (state.epoch !== undefined && state.epochs !== undefined) left = this.estimate.observe(s, state.epoch, state.epochs, now);
      else this.estimate.forget(s);
      return `  ${s.padEnd(this.width)}  ${state.text}${timing(now - this.started, left)}`;
    });
    if (out.tty) {
      let text = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
      for (const line of rendered) text += `\r\x1b[2K${line}\n`;
      out.write(text);
      this.drawn = symbols.length;
    } else {
      rendered.forEach((line, i) => {
        if (changed[i]) out.write(`${line}\n`);
      });
    }
    symbols.forEach((s, i) => this.shown.set(s, states[i] ?? { text: '' }));
  }
}

/** Polls each symbol's `retrain-SYMBOL` child until `done` settles. */
async function watchRetrains(client: Client, parentId: string, lines: ProgressLines, symbols: string[], done: Promise<unknown>): Promise<void> {
  let finished = false;
  void done.then(() => { finished = true; }, () => { finished = true; });
  while (!finished) {
    lines.update(await Promise.all(symbols.map((s) => stateOf(client, s, parentId).catch(() => lines.last(s) ?? { text: 'starting' }))));
    await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, POLL_MS))]);
  }
}

/** The final line of each symbol, from the batch result (polling may have missed the end). */
function finalState(o: RetrainRequestOutcome | undefined): string {
  if (!o) return 'not run';
  if (o.status === 'failed') return `failed — ${o.error ?? 'see the workflow'}`;
  if (o.status === 'already-running') return 'skipped: another retrain of it is running';
  const r = o.result;
  return r ? `done: ${r.promoted ? `promoted v${r.challengerVersion}` : `v${r.challengerVersion} not promoted`}` : 'done';
}

/** One symbol's line: queued, stage, epochs, attempts (one describe + one query per poll). */
async function stateOf(client: Client, symbol: string, parentId: string): Promise<SymbolState> {
  let p: RetrainProgress;
  try {
    p = await retrainProgress(client, workflowIds.retrainSymbol(symbol));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { text: 'queued' };
    return { text: 'starting' }; // the query can fail before the first workflow task ran
  }
  // The latest run under `retrain-SYMBOL` may be an older one, or one started by someone else.
  if (p.parentWorkflowId !== parentId) return { text: p.stage === 'done' || p.stage === 'failed' ? 'queued' : 'waiting: another retrain of it is running' };
  const training = p.stage === 'training' ? p.training : undefined;
  return { text: describeProgress(p), ...(training ? { epoch: training.epoch, epochs: training.epochs } : {}) };
}

export function describeProgress(p: RetrainProgress): string {
  const parts: string[] = [p.stage];
  if (p.stage === 'training' && p.training) {
    parts.push(`epoch ${p.training.epoch}/${p.training.epochs}`);
    if (p.training.valLoss !== undefined) parts.push(`val loss ${num(p.training.valLoss, 4)}`);
  }
  if (p.stage === 'waiting-for-market-close' && p.waitingUntil) parts.push(`until ${p.waitingUntil}`);
  if (p.trainingAttempt && p.trainingAttempt > 1) parts.push(`(attempt ${p.trainingAttempt})`);
  if (p.challengerVersion) parts.push(`v${p.challengerVersion}`);
  if (p.error) parts.push(`— ${p.error}`);
  return parts.join(' ');
}

/** A valid ticker outside the configured universe is trained, with a word about what that means. */
export function noteUnlisted(ctx: CommandContext, symbols: string[]): void {
  const extra = unlisted(symbols, ctx.config());
  if (extra.length === 0) return;
  const one = extra.length === 1;
  ctx.progress.write(`note: ${extra.join(', ')} ${one ? 'is' : 'are'} not in the configured symbols; monitoring and schedules will not cover ${one ? 'it' : 'them'}\n`);
}
