import { describe, expect, it } from 'vitest';
import { CallVariables } from './call-variables';

const LISTING =
  'query Browse($first:Int=24$filter:ProductFilter$sortBy:ProductSort=RELEVANCE){products(first:$first filter:$filter sortBy:$sortBy){totalCount}}';

describe('the variables of a subgraph call, written one way for calls that mean the same', () => {
  const variables = new CallVariables();
  const text = (values: Record<string, unknown>, query = LISTING) => variables.text(query, values);

  it('takes a left-out variable as its declared default, and keeps an explicit null apart', () => {
    expect(text({ filter: { inStock: true } })).toBe(text({ first: 24, filter: { inStock: true }, sortBy: 'RELEVANCE' }));
    expect(text({ sortBy: null })).not.toBe(text({}));
    expect(text({ first: 12 })).not.toBe(text({}));
  });

  it('sorts the fields of input objects, at any depth, and keeps the order of lists', () => {
    const one = { filter: { occasions: ['BIRTHDAY', 'LOVE'], price: { min: 1, max: 9 }, inStock: true } };
    const other = { filter: { inStock: true, price: { max: 9, min: 1 }, occasions: ['BIRTHDAY', 'LOVE'] } };
    expect(text(one)).toBe(text(other));
    expect(text({ filter: { occasions: ['LOVE', 'BIRTHDAY'] } })).not.toBe(text({ filter: { occasions: ['BIRTHDAY', 'LOVE'] } }));
  });

  it('leaves out what the operation does not declare, and a declared variable without a value or default', () => {
    expect(text({ first: 5, unused: 'x' })).toBe(text({ first: 5 }));
    const entities = 'query($representations:[_Any!]!$locale:Locale=ES){_entities(representations:$representations){__typename}}';
    expect(variables.text(entities, {})).toBe(variables.text(entities, { locale: 'ES' }));
  });

  it('keeps the variables of an operation it cannot read as they came, fields sorted', () => {
    expect(variables.text('query {', { b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(variables.text(undefined, { b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});
