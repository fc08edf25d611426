import { describe, expect, it } from 'vitest';
import { LOW_STOCK_UNITS, StockLevel, stockLevelOf } from './stock-level';

describe('the stock level a shopper is told', () => {
  it('is sold out at zero, low up to the threshold, in stock above it', () => {
    expect(stockLevelOf(0)).toBe(StockLevel.SOLD_OUT);
    expect(stockLevelOf(1)).toBe(StockLevel.LOW_STOCK);
    expect(stockLevelOf(LOW_STOCK_UNITS)).toBe(StockLevel.LOW_STOCK);
    expect(stockLevelOf(LOW_STOCK_UNITS + 1)).toBe(StockLevel.IN_STOCK);
  });
});
