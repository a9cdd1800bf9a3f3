/**
 * What a stockflow command is: a citty command (`args` in citty's format, parsed by citty's
 * parser) plus what our help and checks need — usage line, positional counts, examples — and a
 * `run` that gets our CommandContext and returns a CommandResult.
 */
import type { ArgsDef, CommandContext as CittyContext, CommandDef } from 'citty';
import type { CommandContext } from './context.js';

/** What a command hands back: the `--json` object, the lines a person reads, the exit code. */
export interface CommandResult {
  data: unknown;
  lines: string[];
  /** Default 0. */
  exitCode?: number;
}

/** Options every command accepts (citty argument definitions). */
export const GLOBAL_ARGS = {
  json: { type: 'boolean', description: 'print one machine-readable JSON object on stdout (and nothing else there)' },
  config: { type: 'string', valueHint: 'FILE', description: 'configuration file (default: $STOCKFLOW_CONFIG, else ./stockflow.config.yaml)' },
  help: { type: 'boolean', alias: 'h', description: 'show help for this command' },
} as const satisfies ArgsDef;

/** Options of every command that starts a workflow: `--no-wait` (citty's negation of `wait`). */
export const WAIT_ARGS = {
  wait: { type: 'boolean', default: true, negativeDescription: 'start the workflow and return at once, printing its id and Temporal UI link' },
} as const satisfies ArgsDef;

export interface Positionals {
  min: number;
  max: number;
  /** What one positional is, e.g. `SYMBOL` (used in errors). */
  name: string;
}

/** A runnable command: citty's definition (argument types erased) with our extra fields. */
export interface StockflowCommand extends CommandDef {
  /** Arguments after the command name, e.g. `SYMBOL… [--no-wait]`. */
  usage: string;
  /** Longer explanation shown by `<command> --help`. */
  details?: string;
  positionals: Positionals;
  examples: string[];
  /** The command's own options (without GLOBAL_ARGS), for help. */
  ownArgs: ArgsDef;
}

/** A command group (`schedules`): the first positional names one of its subcommands. */
export interface CommandGroup {
  usage: string;
  examples: string[];
  subcommands: Record<string, CommandEntry>;
}

/**
 * One line of a command list: the name and summary `--help` shows without loading the
 * command's module, and the loader (citty's lazy `Resolvable`) used only when it runs.
 */
export interface CommandEntry {
  summary: string;
  load(): Promise<StockflowCommand | CommandGroup>;
}

export const isGroup = (c: StockflowCommand | CommandGroup): c is CommandGroup => 'subcommands' in c;

/** The parsed arguments citty hands a command (`args._` holds the positionals). */
export type CommandArgs<A extends ArgsDef> = CittyContext<A & typeof GLOBAL_ARGS>;

export interface CommandSpec<A extends ArgsDef> {
  usage: string;
  details?: string;
  args: A;
  positionals: Positionals;
  examples: string[];
  run(command: CommandArgs<A>, ctx: CommandContext): Promise<CommandResult>;
}

/**
 * citty's `defineCommand` with our context: the global options are added to `args`, and
 * `run` receives the context through citty's `data`.
 */
export function defineCommand<const A extends ArgsDef>(spec: CommandSpec<A>): StockflowCommand {
  const args: ArgsDef = { ...GLOBAL_ARGS, ...spec.args };
  return {
    usage: spec.usage,
    details: spec.details,
    positionals: spec.positionals,
    examples: spec.examples,
    ownArgs: spec.args,
    args,
    run: (context) => spec.run(context as CommandArgs<A>, context.data as CommandContext),
  };
}

/** Every value given for a repeatable string option (`--ack 1 --ack 2`, `--ack=3`); citty keeps only the last. */
export function repeatedOption(rawArgs: string[], name: string): string[] {
  const values: string[] = [];
  let takeNext = false;
  for (const [i, a] of rawArgs.entries()) {
    if (takeNext) { values.push(a); takeNext = false; continue; }
    if (a === '--') break;
    if (a === `--${name}` && i + 1 < rawArgs.length) takeNext = true;
    else if (a.startsWith(`--${name}=`)) values.push(a.slice(name.length + 3));
  }
  return values;
}
