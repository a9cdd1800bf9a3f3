import type { CommandContext } from './context.js';

/** One option of a command, as `node:util` parseArgs wants it plus what `--help` shows. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder in help, e.g. `N` for `--version N`. */
  value?: string;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** Parsed option values, typed from the specs. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : O[K]['multiple'] extends true ? string[] : string;
};

/** What a command hands back: the `--json` object, the lines a person reads, the exit code. */
export interface CommandResult {
  data: unknown;
  lines: string[];
  /** Default 0. */
  exitCode?: number;
}

export interface Command<O extends OptionSpecs = OptionSpecs> {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Arguments after the command name, e.g. `SYMBOL… [--no-wait]`. */
  usage: string;
  /** Longer explanation shown by `<command> --help`. */
  description?: string;
  options: O;
  /** Allowed number of positional arguments. */
  positionals: { min: number; max: number; name: string };
  examples: string[];
  /** A command group (`schedules`): the first positional names one of these. */
  subcommands?: Record<string, Command<OptionSpecs>>;
  run(args: { values: OptionValues<O>; positionals: string[] }, ctx: CommandContext): Promise<CommandResult>;
}

/** Identity helper that keeps the option types (citty's `defineCommand`, without the dependency). */
export function defineCommand<const O extends OptionSpecs>(command: Command<O>): Command<O> {
  return command;
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS = {
  json: { type: 'boolean', description: 'print one machine-readable JSON object on stdout (and nothing else there)' },
  config: { type: 'string', value: 'FILE', description: 'configuration file (default: $STOCKFLOW_CONFIG, else ./stockflow.config.yaml)' },
  help: { type: 'boolean', short: 'h', description: 'show help for this command' },
} as const satisfies OptionSpecs;

/** Options of every command that starts a workflow. */
export const WAIT_OPTIONS = {
  'no-wait': { type: 'boolean', description: 'start the workflow and return at once, printing its id and Temporal UI link' },
} as const satisfies OptionSpecs;
