import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../apps/cli/lib/values.js';
import { ConfigError } from '../../../common/errors.js';
import { readPriceSourceSpec } from '../../../common/price-source-spec.js';
import { CsvPriceSource } from '../../../domain/prices/csv-source.js';
import { parsePriceSourceSpec } from '../../../domain/prices/source-spec.js';
import { SyntheticPriceSource } from '../../../domain/prices/synthetic-source.js';
import { YahooPriceSource } from '../../../domain/prices/yahoo-source.js';
import { PRICES_DIR } from './paths.js';

const opts = { baseDir: '/srv/stockflow' };

describe('parsePriceSourceSpec', () => {
  it('"yahoo"', () => {
    const s = parsePriceSourceSpec('yahoo', opts);
    expect(s).toBeInstanceOf(YahooPriceSource);
    expect(s.name).toBe('yahoo');
  });

  it('"csv:DIR" resolves a relative DIR against the base dir and keeps an absolute one', () => {
    const rel = parsePriceSourceSpec('csv:data/prices', opts);
    expect(rel).toBeInstanceOf(CsvPriceSource);
    expect(rel.name).toBe(`csv:${path.resolve('/srv/stockflow/data/prices')}`);
    expect(parsePriceSourceSpec('csv:/data/prices', opts).name).toBe('csv:/data/prices');
  });

  it('"synthetic" and "synthetic:SEED"', () => {
    const d = parsePriceSourceSpec('synthetic', opts);
    expect(d).toBeInstanceOf(SyntheticPriceSource);
    expect(d.name).toBe('synthetic:1');
    const s = parsePriceSourceSpec('synthetic:42', { ...opts, synthetic: { days: 10 } }) as SyntheticPriceSource;
    expect(s.name).toBe('synthetic:42');
    expect(s.days).toBe(10);
  });

  it.each(['', 'Yahoo', 'csv:', 'csv', 'synthetic:abc', 'synthetic:-1', 'synthetic:99999999999', 'postgres://x'])(
    'refuses %j with a ConfigError naming the value and the allowed forms',
    (spec) => {
      let err: unknown;
      try {
        parsePriceSourceSpec(spec, { ...opts, field: 'marketData.source' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toContain(`marketData.source = ${JSON.stringify(spec)} is not allowed`);
      expect(message).toContain('"yahoo", "csv:DIR"');
      expect(message).toContain('"synthetic:SEED"');
    },
  );
});

describe('one price-source grammar (common/price-source-spec) for market-data, config and the CLI', () => {
  it.each([
    ['yahoo', { kind: 'yahoo' }],
    [' yahoo ', { kind: 'yahoo' }],
    ['csv:data/prices', { kind: 'csv', dir: 'data/prices' }],
    ['csv: /srv/prices ', { kind: 'csv', dir: '/srv/prices' }],
    ['synthetic', { kind: 'synthetic' }],
    ['synthetic:4294967295', { kind: 'synthetic', seed: 4294967295 }],
  ])('reads %j', (spec, expected) => {
    expect(readPriceSourceSpec(spec)).toEqual(expected);
  });

  it.each(['', 'csv:', 'csv:   ', 'synthetic:4294967296', 'synthetic:', 'YAHOO', 'file:/x'])('refuses %j', (spec) => {
    expect(readPriceSourceSpec(spec)).toBeNull();
  });

  it('the CLI\'s --source refuses what the grammar refuses and checks a csv: directory exists', () => {
    expect(parseSource('synthetic:7')).toBe('synthetic:7');
    expect(parseSource(`csv:${PRICES_DIR}`)).toBe(`csv:${PRICES_DIR}`);
    expect(() => parseSource('csv:')).toThrow('--source "csv:" is not a price source');
    expect(() => parseSource('synthetic:4294967296')).toThrow('is not a price source');
    expect(() => parseSource('csv:/nonexistent/dir')).toThrow('--source csv:/nonexistent/dir: directory /nonexistent/dir does not exist');
  });
});

