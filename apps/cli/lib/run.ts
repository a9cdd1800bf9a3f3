import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { COMMANDS } from '../commands/index.js';
import { PROJECT_ROOT } from '../../../client/target/index.js';
import { GLOBAL_OPTIONS, type Command, type CommandResult, type OptionSpecs } from './command.js';
import { CommandContext, stderrProgress } from './context.js';
import { CliError, EXIT, toCliError, usageError } from './errors.js';
import { commandHelp, programHelp } from './help.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * Runs one command line (without `node stockflow`) and returns the exit code. Output goes
 * through `io`: the result on stdout (JSON with --json), progress and errors on stderr.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const json = argv.includes('--json');
  let ctx: CommandContext | undefined;
  try {
    const { name, rest } = splitCommand(argv);
    if (!name || name === 'help') {
      const topic = name === 'help' ? rest.find((a) => !a.startsWith('-')) : undefined;
      if (topic) return run([topic, '--help'], io);
      if (!name && !argv.includes('--help') && !argv.includes('-h')) {
        if (argv.includes('--version')) {
          io.stdout(`${packageVersion()}\n`);
          return EXIT.ok;
        }
        throw usageError('MISSING_COMMAND', argv.length ? `no command in "${argv.join(' ')}"` : 'no command given', 'Run `stockflow --help` to see the commands');
      }
      io.stdout(`${await programHelp()}\n`);
      return EXIT.ok;
    }
    let command = await loadCommand(name);
    let args = rest;
    if (command.subcommands) {
      const sub = splitCommand(rest).name;
      if (sub === undefined) {
        if (rest.includes('--help') || rest.includes('-h')) {
          io.stdout(`${commandHelp(command)}\n`);
          return EXIT.ok;
        }
        throw usageError('MISSING_SUBCOMMAND', `${name} needs a subcommand`, `One of: ${Object.keys(command.subcommands).join(', ')} (see \`stockflow ${name} --help\`)`);
      }
      const found = command.subcommands[sub];
      if (!found) {
        throw usageError('UNKNOWN_COMMAND', `unknown ${name} subcommand "${sub}"`, `One of: ${Object.keys(command.subcommands).join(', ')}`);
      }
      command = found;
      args = rest.filter((a, i) => i !== rest.indexOf(sub));
    }

    const parsed = parseOptions(command, args);
    if (parsed.values.help) {
      io.stdout(`${commandHelp(command)}\n`);
      return EXIT.ok;
    }
    const { min, max, name: what } = command.positionals;
    if (parsed.positionals.length < min) {
      throw usageError('MISSING_ARGUMENT', `${command.name} needs ${min === 1 ? `a ${what}` : `at least ${min} ${what}`}`, `Usage: stockflow ${command.name} ${command.usage} (see --help)`);
    }
    if (parsed.positionals.length > max) {
      const extra = parsed.positionals.slice(max);
      throw usageError('UNEXPECTED_ARGUMENT', `${command.name} takes ${max === 0 ? 'no arguments' : `at most ${max} ${what}`}, got "${extra.join(' ')}"`, `Usage: stockflow ${command.name} ${command.usage}`.trimEnd());
    }

    const configFile = typeof parsed.values.config === 'string' ? path.resolve(parsed.values.config) : undefined;
    // `dev` builds its own configuration (stack/run-stack) from the environment.
    if (configFile) process.env.STOCKFLOW_CONFIG = configFile;
    ctx = new CommandContext(json, configFile, stderrProgress(!json));
    const result: CommandResult = await command.run(parsed as never, ctx);
    if (json) io.stdout(`${JSON.stringify(result.data, null, 2)}\n`);
    else if (result.lines.length) io.stdout(`${result.lines.join('\n')}\n`);
    return result.exitCode ?? EXIT.ok;
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

/** The command name is the first argument that is neither an option nor an option's value. */
function splitCommand(argv: string[]): { name?: string; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!; // i < argv.length
    if (a === '--config') { i++; continue; }
    if (a.startsWith('-')) continue;
    return { name: a, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { rest: argv };
}

async function loadCommand(name: string): Promise<Command<OptionSpecs>> {
  const load = COMMANDS[name];
  if (!load) {
    const guess = closest(name, Object.keys(COMMANDS));
    throw usageError('UNKNOWN_COMMAND', `unknown command "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}`, 'Run `stockflow --help` to see the commands');
  }
  return load();
}

function parseOptions(command: Command<OptionSpecs>, args: string[]): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  const specs: OptionSpecs = { ...GLOBAL_OPTIONS, ...command.options };
  const options = Object.fromEntries(Object.entries(specs).map(([k, { type, short, multiple }]) => [k, { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}) }]));
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true }) as ReturnType<typeof parseOptions>;
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (!code.startsWith('ERR_PARSE_ARGS')) throw err;
    const message = (err as Error).message;
    const flag = /'(-[^' ]+)/.exec(message)?.[1];
    const what = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
      ? `unknown option ${flag ?? ''} for \`stockflow ${command.name}\``
      : code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
        ? `option ${flag ?? ''} ${/argument missing/.test(message) ? 'needs a value' : 'takes no value'}`
        : (message.split('\n')[0] ?? '').replace(/\.$/, '');
    throw new CliError(EXIT.usage, 'BAD_OPTION', what.replace(/\s+/g, ' '), `See \`stockflow ${command.name} --help\``, { cause: err });
  }
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d <= Math.max(2, Math.floor(c.length / 3)) && (!best || d < best.d)) best = { c, d };
  }
  return best?.c;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    // Every row index used is 0…b.length, the row's length − 1.
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(tmp + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
