import { loadConfig, type ResolvedConfig } from '../../../config/index.js';
import type { HistoryStore } from '../../../domain/history/index.js';
import { buildServices, type Services } from '../../../domain/services.js';
import { connectTemporal, type TemporalSession } from './temporal.js';

/** What a command gets besides its arguments. Everything is built on first use and closed by main. */
export class CommandContext {
  private cachedConfig?: ResolvedConfig;
  private session?: Promise<TemporalSession>;
  private cachedServices?: Services<HistoryStore | null>;
  private readonly closers: Array<() => void | Promise<void>> = [];

  constructor(
    readonly json: boolean,
    private readonly configFile: string | undefined,
    /** Where progress goes (stderr); silent in --json mode. */
    readonly progress: ProgressSink,
  ) {}

  /** The validated configuration (a ConfigError becomes exit 2 in main). */
  config(): ResolvedConfig {
    this.cachedConfig ??= loadConfig({ file: this.configFile });
    return this.cachedConfig;
  }

  /** Registry, history (read-only; null before any worker created it) and price cache, built once from config(). */
  services(): Services<HistoryStore | null> {
    if (!this.cachedServices) {
      const services = buildServices(this.config(), { history: 'read-if-exists', quietPriceCache: true });
      this.onClose(() => services.close());
      this.cachedServices = services;
    }
    return this.cachedServices;
  }

  /** A Temporal client; exit 3 with a one-line hint when the server cannot be reached. */
  temporal(): Promise<TemporalSession> {
    this.session ??= connectTemporal(this.config()).then((s) => {
      this.onClose(() => s.close());
      return s;
    });
    return this.session;
  }

  onClose(fn: () => void | Promise<void>): void {
    this.closers.push(fn);
  }

  async close(): Promise<void> {
    for (const fn of this.closers.reverse()) {
      try {
        await fn();
      } catch {
        // closing is best effort; the command's own outcome is what matters
      }
    }
  }
}

export interface ProgressSink {
  /** true when lines may be rewritten in place (an interactive terminal). */
  readonly tty: boolean;
  write(text: string): void;
}

export function stderrProgress(enabled: boolean): ProgressSink {
  return {
    tty: enabled && !!process.stderr.isTTY,
    write: (text) => {
      if (enabled) process.stderr.write(text);
    },
  };
}
