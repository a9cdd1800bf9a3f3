import { ENV_OVERRIDES } from '../../../config/index.js';
import { COMMANDS } from '../commands/index.js';
import { GLOBAL_OPTIONS, type Command, type OptionSpecs } from './command.js';

const EXIT_CODES = 'Exit codes: 0 ok · 1 operation failed · 2 usage error · 3 Temporal unreachable · 4 not found';
// Generated from the configuration's own list, so it cannot drift from what is honoured.
const ENVIRONMENT = `Environment: STOCKFLOW_CONFIG, ${Object.keys(ENV_OVERRIDES).join(', ')}, STOCKFLOW_DEBUG=1 (stack traces)`;

export async function programHelp(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'stockflow — per-symbol next-day forecasting models, trained, evaluated and monitored as Temporal workflows',
    '',
    'Usage: stockflow <command> [arguments] [options]      stockflow <command> --help   for details',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options of every command:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Examples:',
    ...commands.map((c) => `  ${c.examples[0]}`),
    '',
    'Commands that need Temporal connect to TEMPORAL_ADDRESS, or to the local dev server that `npm start` (or `stockflow dev`) runs.',
    EXIT_CODES,
    ENVIRONMENT,
  ].join('\n');
}

export function commandHelp(command: Command<OptionSpecs>): string {
  const lines = [`Usage: stockflow ${command.name}${command.usage ? ` ${command.usage}` : ''} [options]`, '', command.summary];
  if (command.description) lines.push('', ...wrap(command.description, 100));
  if (command.subcommands) {
    const subs = Object.values(command.subcommands);
    const width = Math.max(...subs.map((s) => s.name.length));
    lines.push('', 'Subcommands:', ...subs.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`));
  }
  const own = optionLines(command.options);
  if (own.length) lines.push('', 'Options:', ...own);
  lines.push('', 'Options of every command:', ...optionLines(GLOBAL_OPTIONS));
  lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`), '', EXIT_CODES);
  return lines.join('\n');
}

function optionLines(options: OptionSpecs): string[] {
  const entries = Object.entries(options).map(([name, o]): [string, string] => [`${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`, o.description]);
  const width = Math.max(0, ...entries.map(([flag]) => flag.length));
  return entries.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`);
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
