import { describe, expect, it } from 'vitest';
import { UnknownSymbolError } from '../../common/errors.js';
import { assertSymbol } from '../../common/symbol.js';

describe('assertSymbol', () => {
  const invalid = (symbol: string) => (reason: string) => new UnknownSymbolError(symbol, 'test', reason);

  it('passes tickers and throws the caller\'s error, with the reason, for anything else', () => {
    for (const ok of ['AAPL', 'BRK-B', 'SPY']) expect(() => assertSymbol(ok, invalid(ok))).not.toThrow();
    for (const bad of ['../etc', 'aapl/..', '', 'A B']) {
      expect(() => assertSymbol(bad, invalid(bad))).toThrow(UnknownSymbolError);
      expect(() => assertSymbol(bad, invalid(bad))).toThrow(/not a valid ticker/);
    }
  });
});
