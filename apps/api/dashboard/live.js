/*
 * Live state: the retrains running now (GET /workflows: each retrain workflow's stage from its
 * query, epochs from the training heartbeat), polled every 1.5 s while one runs or was just
 * requested and every 10 s otherwise. `onChange` redraws the rows' "Now" cells; `onFinished`
 * gets the symbols whose retrain ended, so their rows reload (the new version) without a page
 * reload.
 */
import { api } from './api.js';

const FAST_MS = 1500;
const SLOW_MS = 10000;
/** A requested retrain not listed yet is taken for finished after this long (the API lists a just-started one at once). */
const REQUEST_GRACE_MS = 3000;

export function createLive({ onChange, onFinished, onError }) {
  const running = new Map();
  const requested = new Map();
  let timer = null;
  let temporalUi = null;

  async function poll() {
    clearTimeout(timer);
    try {
      const answer = await api('/workflows');
      temporalUi = answer.temporalUi;
      const before = new Set(running.keys());
      running.clear();
      for (const w of answer.workflows) running.set(w.symbol, w);
      const finished = [...before].filter((symbol) => !running.has(symbol));
      for (const [symbol, r] of requested) {
        if (running.has(symbol)) requested.delete(symbol);
        else if (Date.now() - r.at > REQUEST_GRACE_MS) {
          requested.delete(symbol);
          finished.push(symbol);
        }
      }
      onChange(answer.error || '');
      if (finished.length) await onFinished([...new Set(finished)]);
    } catch (err) {
      onError(err);
    }
    timer = setTimeout(poll, running.size || requested.size ? FAST_MS : SLOW_MS);
  }

  let started = false;
  return {
    /** Start polling (again: poll now). */
    start() {
      if (started) return this.pollSoon();
      started = true;
      return poll();
    },
    /** Poll now (after an action). */
    pollSoon() {
      clearTimeout(timer);
      timer = setTimeout(poll, 50);
    },
    requested(symbol) {
      requested.set(symbol, { at: Date.now() });
    },
    /** The running retrain of a symbol, `{ stage: 'requested' }` just after a click, or null. */
    of(symbol) {
      return running.get(symbol) || (requested.has(symbol) ? { symbol, stage: 'requested' } : null);
    },
    get temporalUi() {
      return temporalUi;
    },
  };
}

/** What a row's "Now" cell says: "training… epoch 2/3", "refreshing prices…", "waiting for the close until 20:10 UTC". */
export function activityText(w) {
  if (!w) return '';
  if (w.stage === 'requested') return 'retrain requested…';
  if (w.stage === 'training') return w.epoch ? `training… epoch ${w.epoch}/${w.epochs}` : 'training…';
  if (w.stage === 'waiting-for-market-close') return `waiting for the close${w.waitingUntil ? ` until ${w.waitingUntil.slice(11, 16)} UTC` : ''}`;
  return `${w.stage.replace(/-/g, ' ')}…`;
}
