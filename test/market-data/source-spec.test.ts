import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../common/errors';
import { CsvPriceSource } from '../../market-data/csv-source';
import { parsePriceSourceSpec } from '../../market-data/source-spec';
import { SyntheticPriceSource } from '../../market-data/synthetic-source';
import { YahooPriceSource } from '../../market-data/yahoo-source';

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
