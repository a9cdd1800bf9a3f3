/**
 * Runs one command line: finds the command (loading only its module), checks options and
 * positionals strictly, lets citty parse and run it, prints the result (JSON with --json) and
 * maps every error to one stderr line and an exit code.
 */
import path from 'node:path';
import { runCommand } from 'citty';
import { COMMANDS } from '../commands/index.js';
import { checkArgs, findCommandName } from './args.js';
import { isGroup, type CommandEntry, type CommandGroup, type CommandResult, type StockflowCommand } from './command.js';
import { CommandContext, stderrProgress } from './context.js';
import { EXIT, toCliError, usageError } from './errors.js';
import { commandHelp, groupHelp, programHelp } from './help.js';
import { closest } from './suggest.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Runs one command line (without `node stockflow`) and returns the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  const json = argv.includes('--json');
  let ctx: CommandContext | undefined;
  try {
    const wantsHelp = argv.includes('--help') || argv.includes('-h');
    const { name, rest } = findCommandName(argv);
    if (!name || name === 'help') {
      const topic = name === 'help' ? findCommandName(rest).name : undefined;
      if (topic) return await run([topic, '--help', ...findCommandName(rest).rest.filter((a) => !a.startsWith('-'))], io);
      if (!name && !wantsHelp) {
        if (argv.includes('--version')) {
          io.stdout(`${await packageVersion()}\n`);
          return EXIT.ok;
        }
        throw usageError('MISSING_COMMAND', argv.length ? `no command in "${argv.join(' ')}"` : 'no command given', 'Run `stockflow --help` to see the commands');
      }
      io.stdout(`${programHelp(COMMANDS)}\n`);
      return EXIT.ok;
    }

    const found = await resolve(name, rest);
    if (!found) {
      io.stdout(`${groupHelp(name, commandEntry(name).summary, await group(name))}\n`);
      return EXIT.ok;
    }
    const { fullName, command, args } = found;
    if (wantsHelp) {
      io.stdout(`${commandHelp(fullName, found.summary, command)}\n`);
      return EXIT.ok;
    }
    checkArgs(fullName, command, args);

    const configArg = valueOf(args, 'config');
    const configFile = configArg ? path.resolve(configArg) : undefined;
    const { loadConfig } = await import('../../../config/index.js');
    ctx = new CommandContext(json, configFile, stderrProgress(!json), loadConfig);
    const { result } = await runCommand(command, { rawArgs: args, data: ctx });
    const outcome = result as CommandResult;
    if (json) io.stdout(`${JSON.stringify(outcome.data, null, 2)}\n`);
    else if (outcome.lines.length) io.stdout(`${outcome.lines.join('\n')}\n`);
    return outcome.exitCode ?? EXIT.ok;
  } catch (err) {
    const e = toCliError(err);
    io.stderr(`stockflow: ${e.message.replace(/\n/g, ' ')}\n`);
    if (process.env.STOCKFLOW_DEBUG && e.cause instanceof Error) io.stderr(`${e.cause.stack}\n`);
    if (json) io.stdout(`${JSON.stringify({ error: { code: e.code, exitCode: e.exitCode, message: e.message } }, null, 2)}\n`);
    return e.exitCode;
  } finally {
    await ctx?.close();
  }
}

interface Resolved {
  fullName: string;
  summary: string;
  command: StockflowCommand;
  /** The arguments left for the command (its name, and a group's subcommand name, removed). */
  args: string[];
}

/**
 * The command a name (and, for a group, the next positional) selects, loading only that
 * module; undefined for a group given without a subcommand but with --help.
 */
async function resolve(name: string, rest: string[]): Promise<Resolved | undefined> {
  const entry = commandEntry(name);
  const loaded = await entry.load();
  if (!isGroup(loaded)) return { fullName: name, summary: entry.summary, command: loaded, args: rest };
  const sub = findCommandName(rest);
  const choices = Object.keys(loaded.subcommands).join(', ');
  if (!sub.name) {
    if (rest.includes('--help') || rest.includes('-h')) return undefined;
    throw usageError('MISSING_SUBCOMMAND', `${name} needs a subcommand`, `One of: ${choices} (see \`stockflow ${name} --help\`)`);
  }
  const subName = sub.name;
  const subEntry = entryOf(loaded.subcommands, subName, () => usageError('UNKNOWN_COMMAND', `unknown ${name} subcommand "${subName}"${suggestion(subName, loaded.subcommands)}`, `One of: ${choices}`));
  const command = await subEntry.load();
  if (isGroup(command)) throw new Error(`${name} ${subName}: nested command groups are not supported`);
  return { fullName: `${name} ${subName}`, summary: subEntry.summary, command, args: sub.rest };
}

async function group(name: string): Promise<CommandGroup> {
  const loaded = await commandEntry(name).load();
  if (!isGroup(loaded)) throw new Error(`${name} is not a command group`);
  return loaded;
}

function commandEntry(name: string): CommandEntry {
  return entryOf(COMMANDS, name, () => usageError('UNKNOWN_COMMAND', `unknown command "${name}"${suggestion(name, COMMANDS)}`, 'Run `stockflow --help` to see the commands'));
}

function entryOf(list: Record<string, CommandEntry>, name: string, unknown: () => Error): CommandEntry {
  const entry = Object.hasOwn(list, name) ? list[name] : undefined;
  if (!entry) throw unknown();
  return entry;
}

function suggestion(name: string, list: Record<string, CommandEntry>): string {
  const guess = closest(name, Object.keys(list));
  return guess ? ` (did you mean "${guess}"?)` : '';
}

/** The value of a string option in raw arguments (`--config FILE` or `--config=FILE`). */
function valueOf(args: string[], option: string): string | undefined {
  for (const [i, a] of args.entries()) {
    if (a === '--') break;
    if (a === `--${option}`) return args[i + 1];
    if (a.startsWith(`--${option}=`)) return a.slice(option.length + 3);
  }
  return undefined;
}

async function packageVersion(): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const { PROJECT_ROOT } = await import('../../../client/target/temporal-binary.js');
  return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
