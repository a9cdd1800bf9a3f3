/**
 * What a command gets besides its arguments. Everything is built on first use and closed by
 * main; the configuration loader and the Temporal client are imported only then, so help and
 * usage errors never load zod, yaml or @temporalio/client.
 */
import type { LoadConfigOptions, ResolvedConfig } from '../../../config/index.js';
import type { HistoryStore } from '../../../domain/history/index.js';
import type { Services } from '../../../domain/services.js';
import type { TemporalSession } from './temporal.js';

export type ConfigLoader = (options: LoadConfigOptions) => ResolvedConfig;

/** A context for one command; `loadConfig` comes from config/ (imported by the caller when a command runs). */
export class CommandContext {
  private cachedConfig?: ResolvedConfig;
  private session?: Promise<TemporalSession>;
  private cachedServices?: Promise<Services<HistoryStore | null>>;
  private readonly closers: Array<() => void | Promise<void>> = [];

  constructor(
    readonly json: boolean,
    private readonly configFile: string | undefined,
    /** Where progress goes (stderr); silent in --json mode. */
    readonly progress: ProgressSink,
    private readonly loadConfig: ConfigLoader,
  ) {}

  /**
   * The validated configuration (a ConfigError becomes exit 2 in main), with the endpoints it
   * leaves unset taken from the stack `npm start` runs (its state file in the data directory);
   * a state file left by a stack that is gone is ignored with a one-line note.
   */
  config(): ResolvedConfig {
    if (!this.cachedConfig) {
      this.cachedConfig = this.loadConfig({ file: this.configFile, runningStack: true });
      const note = this.cachedConfig.runningStack?.note;
      if (note) this.progress.write(`note: ${note}\n`);
    }
    return this.cachedConfig;
  }

  /** The configuration alone, never a running stack's endpoints: for `dev`, which starts a stack itself. */
  ownConfig(): ResolvedConfig {
    return this.loadConfig({ file: this.configFile });
  }

  /**
   * Registry, history (read-only; null before any worker created it) and price cache, built once
   * from config() by domain/services (the function the worker and the API use), imported on first use.
   */
  services(): Promise<Services<HistoryStore | null>> {
    this.cachedServices ??= import('../../../domain/services.js').then(({ buildServices }) => {
      const services = buildServices(this.config(), { history: 'read-if-exists', quietPriceCache: true });
      this.onClose(() => services.close());
      return services;
    });
    return this.cachedServices;
  }

  /** A Temporal client; exit 3 with a one-line hint when the server cannot be reached. */
  temporal(): Promise<TemporalSession> {
    this.session ??= import('./temporal.js').then(({ connectTemporal }) => connectTemporal(this.config())).then((s) => {
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
