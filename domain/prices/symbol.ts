import { SYMBOL_PATTERN } from '../../common/constants.js';
import { UnknownSymbolError } from '../../common/errors.js';

/**
 * Refuses a ticker that cannot exist before it reaches a file path or URL
 * (also keeps `../x` out of `csv:DIR/<SYMBOL>.csv`).
 */
export function assertSymbol(symbol: string, source: string): void {
  if (!SYMBOL_PATTERN.test(symbol)) {
    throw new UnknownSymbolError(symbol, source, `not a valid ticker (expected ${SYMBOL_PATTERN})`);
  }
}
