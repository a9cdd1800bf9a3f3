/**
 * `--help` texts, rendered from the citty argument definitions of each command (citty's own
 * usage renderer has no examples, exit codes or environment, and colours even piped output).
 * The program help reads only the command list's summaries, so it loads no command module.
 * Every line fits 100 columns.
 */
import type { ArgDef, ArgsDef } from 'citty';
import { ENV_OVERRIDES } from '../../../config/env-overrides.js';
import { GLOBAL_ARGS, type CommandEntry, type CommandGroup, type StockflowCommand } from './command.js';

const WIDTH = 100;
const EXIT_CODES = 'Exit codes: 0 ok · 1 operation failed · 2 usage error · 3 Temporal unreachable · 4 not found';
// Generated from the configuration's own list, so it cannot drift from what is honoured.
const ENVIRONMENT = `Environment: STOCKFLOW_CONFIG, ${Object.keys(ENV_OVERRIDES).join(', ')}, STOCKFLOW_DEBUG=1 (stack traces)`;

/** What an operator does most, for the program help (each command's --help has its own examples). */
const PROGRAM_EXAMPLES = [
  'stockflow train AAPL MSFT',
  'stockflow quick-train AMZN --no-wait',
  'stockflow status',
  'stockflow evaluate SPY',
  'stockflow predict NVDA TSLA --json',
  'stockflow restore SPY --list',
  'stockflow alerts',
  'stockflow schedules apply',
  'stockflow dev',
];

export function programHelp(commands: Record<string, CommandEntry>): string {
  return [
    'stockflow — per-symbol next-day forecasting models, trained, evaluated and monitored as Temporal workflows',
    '',
    'Usage: stockflow <command> [arguments] [options]      stockflow <command> --help   for details',
    '',
    'Commands:',
    ...columns(Object.entries(commands).map(([name, c]) => [name, c.summary])),
    '',
    'Options of every command:',
    ...optionLines(GLOBAL_ARGS),
    '',
    'Examples:',
    ...PROGRAM_EXAMPLES.map((e) => `  ${e}`),
    '',
    ...wrap('Commands that need Temporal connect to TEMPORAL_ADDRESS, or to the local dev server that `npm start` (or `stockflow dev`) runs.'),
    EXIT_CODES,
    ...wrap(ENVIRONMENT, '  '),
  ].join('\n');
}

export function commandHelp(name: string, summary: string, command: StockflowCommand): string {
  const lines = [`Usage: stockflow ${name}${command.usage ? ` ${command.usage}` : ''} [options]`, '', ...wrap(summary)];
  if (command.details) lines.push('', ...wrap(command.details));
  const own = optionLines(command.ownArgs);
  if (own.length) lines.push('', 'Options:', ...own);
  lines.push('', 'Options of every command:', ...optionLines(GLOBAL_ARGS));
  lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`), '', EXIT_CODES);
  return lines.join('\n');
}

export function groupHelp(name: string, summary: string, group: CommandGroup): string {
  return [
    `Usage: stockflow ${name} ${group.usage} [options]`,
    '',
    ...wrap(summary),
    '',
    'Subcommands:',
    ...columns(Object.entries(group.subcommands).map(([sub, c]) => [`${name} ${sub}`, c.summary])),
    '',
    'Options of every command:',
    ...optionLines(GLOBAL_ARGS),
    '',
    'Examples:',
    ...group.examples.map((e) => `  ${e}`),
    '',
    EXIT_CODES,
  ].join('\n');
}

function optionLines(args: ArgsDef): string[] {
  return columns(Object.entries(args).map(([name, def]) => [flagOf(name, def), describe(def)]));
}

/** `-h, --help`, `--from YYYY-MM-DD`, and `--no-wait` for a boolean that defaults to true. */
function flagOf(name: string, def: ArgDef): string {
  if (def.type === 'boolean' && def.default === true) return `--no-${name}`;
  const short = 'alias' in def && def.alias ? [def.alias].flat().filter((a) => a.length === 1).map((a) => `-${a}, `).join('') : '';
  const hint = def.type === 'string' || def.type === 'enum' ? ` ${def.valueHint ?? name.toUpperCase()}` : '';
  return `${short}--${name}${hint}`;
}

function describe(def: ArgDef): string {
  if (def.type === 'boolean' && def.default === true) return def.negativeDescription ?? `do not ${def.description ?? ''}`;
  return def.description ?? '';
}

/** Two columns, the second wrapped under itself so that no line passes WIDTH. */
function columns(rows: (readonly [left: string, right: string])[]): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  const indent = ' '.repeat(2 + width + 2);
  return rows.flatMap(([left, right]) => {
    const [first, ...more] = wrap(right, indent, WIDTH - indent.length);
    return [`  ${left.padEnd(width)}  ${first ?? ''}`.trimEnd(), ...more];
  });
}

/** Words filled into lines of at most `width` characters; continuation lines start with `indent`. */
function wrap(text: string, indent = '', width = WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const limit = lines.length ? WIDTH - indent.length : width;
    if (line && line.length + word.length + 1 > limit) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `${indent}${l}`));
}
