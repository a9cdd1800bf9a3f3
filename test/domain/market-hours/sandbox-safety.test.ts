/**
 * market-hours is imported by workflow code, which runs in Temporal's deterministic sandbox:
 * no Node built-ins, no packages beyond the sandbox-safe common/iso-date.ts, no clock reads,
 * and Intl only with the explicit America/New_York zone (never the host's).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(import.meta.dirname, '../../../domain/market-hours');
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => ({ file: f, text: readFileSync(path.join(dir, f), 'utf8') }));

const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

describe('market-hours is safe for workflow code', () => {
  it('imports only its own files and common/iso-date', () => {
    const imports = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'|\brequire\s*\(\s*'([^']+)'/g)].map((m) => `${file}: ${m[1] ?? m[2] ?? m[3]}`));
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => !/: (\.\/[\w-]+|\.\.\/\.\.\/common\/iso-date)\.js$/.test(i))).toEqual([]);
  });

  it('never reads the clock, the environment or the host time zone', () => {
    const offenders = sources.flatMap(({ file, text }) =>
      [
        /Date\.now\s*\(/, /new Date\(\s*\)/, /\bprocess\./, /performance\.now/, /Math\.random/,
        /resolvedOptions/, /getTimezoneOffset/, /\.toLocale/, /\.get(FullYear|Month|Date|Day|Hours|Minutes|Seconds)\(/,
      ]
        .filter((re) => re.test(withoutComments(text)))
        .map((re) => `${file}: ${re.source}`));
    expect(offenders).toEqual([]);
  });

  it('uses Intl only as a formatter for America/New_York', () => {
    const uses = sources.flatMap(({ file, text }) =>
      [...withoutComments(text).matchAll(/\bIntl\.(\w+)\(([^)]*)\)/g)].map((m) => ({ file, api: m[1], args: m[2] ?? '' })));
    expect(uses.map((u) => `${u.file}: ${u.api}`)).toEqual(['new-york-time.ts: DateTimeFormat']);
    expect(uses[0]?.args).toContain("timeZone: 'America/New_York'");
  });
});
