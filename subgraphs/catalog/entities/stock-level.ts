import { registerEnumType } from 'type-graphql';
import { LOW_STOCK_UNITS, StockLevel } from '../domain/stock-level';

registerEnumType(StockLevel, {
  name: 'StockLevel',
  description: `What a shopper is told of a product's stock: IN_STOCK, LOW_STOCK (${LOW_STOCK_UNITS} units or fewer left) or SOLD_OUT`,
});

export { StockLevel };
