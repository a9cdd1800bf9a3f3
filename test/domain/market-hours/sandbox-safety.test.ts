/**
 * market-hours is imported by workflow code, which runs in Temporal's deterministic sandbox:
 * no Node built-ins, no packages, no clock reads, no host time-zone database.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(import.meta.dirname, '../../../domain/market-hours');
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => ({ file: f, text: readFileSync(path.join(dir, f), 'utf8') }));

describe('market-hours is safe for workflow code', () => {
  it('imports only its own files', () => {
    const imports = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'|\brequire\s*\(\s*'([^']+)'/g)].map((m) => `${file}: ${m[1] ?? m[2] ?? m[3]}`));
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => !/: \.\/[\w-]+\.js$/.test(i))).toEqual([]);
  });

  it('never reads the clock, the environment or Intl', () => {
    const offenders = sources.flatMap(({ file, text }) =>
      [/Date\.now\s*\(/, /new Date\(\s*\)/, /\bprocess\./, /\bIntl\./, /performance\.now/, /Math\.random/]
        .filter((re) => re.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')))
        .map((re) => `${file}: ${re.source}`));
    expect(offenders).toEqual([]);
  });
});
