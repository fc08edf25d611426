/** What a shopper is told of a product's stock: enough, only a few left, or none. */
export enum StockLevel {
  IN_STOCK = 'IN_STOCK',
  LOW_STOCK = 'LOW_STOCK',
  SOLD_OUT = 'SOLD_OUT',
}

/** At most this many units left is "only a few left". */
export const LOW_STOCK_UNITS = 5;

export const stockLevelOf = (stock: number): StockLevel =>
  stock <= 0 ? StockLevel.SOLD_OUT : stock <= LOW_STOCK_UNITS ? StockLevel.LOW_STOCK : StockLevel.IN_STOCK;
