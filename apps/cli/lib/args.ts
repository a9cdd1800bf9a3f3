/**
 * The strict half of argument handling that citty leaves open: citty's parser accepts unknown
 * options and any number of positionals, so before a command runs every option is checked
 * against its citty `args` (a typo is exit 2, never silently ignored) and the positionals
 * against the command's counts. Also finds the command name in a command line.
 */
import type { ArgDef } from 'citty';
import { GLOBAL_ARGS, type StockflowCommand } from './command.js';
import { CliError, EXIT, usageError } from './errors.js';

/** The command name is the first argument that is neither an option nor a global option's value. */
export function findCommandName(argv: string[]): { name?: string; rest: string[] } {
  let skipValue = false;
  for (const [i, a] of argv.entries()) {
    if (skipValue) { skipValue = false; continue; }
    if (a === '--') break;
    if (takesValue(GLOBAL_ARGS, a)) { skipValue = true; continue; }
    if (a.startsWith('-')) continue;
    return { name: a, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { rest: argv };
}

function takesValue(args: Record<string, ArgDef>, token: string): boolean {
  if (!token.startsWith('--') || token.includes('=')) return false;
  const def = args[token.slice(2)] as ArgDef | undefined;
  return def?.type === 'string' || def?.type === 'enum';
}

/** Throws a usage error (exit 2) for an unknown option, a missing or unexpected value, or a wrong number of positionals. */
export function checkArgs(name: string, command: StockflowCommand, args: string[]): void {
  const defs = (command.args ?? {}) as Record<string, ArgDef>;
  const byFlag = new Map<string, { name: string; def: ArgDef; negated: boolean }>();
  for (const [key, def] of Object.entries(defs)) {
    byFlag.set(`--${key}`, { name: key, def, negated: false });
    if (def.type === 'boolean') byFlag.set(`--no-${key}`, { name: key, def, negated: true });
    const aliases = 'alias' in def && def.alias ? [def.alias].flat() : [];
    for (const alias of aliases) byFlag.set(alias.length === 1 ? `-${alias}` : `--${alias}`, { name: key, def, negated: false });
  }
  const bad = (what: string, cause?: unknown) => new CliError(EXIT.usage, 'BAD_OPTION', what, `See \`stockflow ${name} --help\``, { cause });

  const positionals: string[] = [];
  let skipValue = false;
  for (const [i, a] of args.entries()) {
    if (skipValue) { skipValue = false; continue; }
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const known = byFlag.get(flag);
    if (!known) throw bad(`unknown option ${flag} for \`stockflow ${name}\``);
    const needsValue = known.def.type === 'string' || known.def.type === 'enum';
    if (!needsValue && eq > 0) throw bad(`option ${flag} takes no value`);
    if (needsValue && eq < 0) {
      const value = args[i + 1];
      if (value === undefined || (value.startsWith('-') && value !== '-')) throw bad(`option ${flag} needs a value`);
      skipValue = true;
    }
  }

  const { min, max, name: what } = command.positionals;
  if (positionals.length < min) {
    throw usageError('MISSING_ARGUMENT', `${name} needs ${min === 1 ? `a ${what}` : `at least ${min} ${what}`}`, `Usage: stockflow ${name} ${command.usage} (see --help)`);
  }
  if (positionals.length > max) {
    const extra = positionals.slice(max);
    throw usageError('UNEXPECTED_ARGUMENT', `${name} takes ${max === 0 ? 'no arguments' : `at most ${max} ${what}`}, got "${extra.join(' ')}"`, `Usage: stockflow ${name} ${command.usage}`.trimEnd());
  }
}
