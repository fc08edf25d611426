import { Kind, buildSchema, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { INPUT_SCALARS } from '../../runtime/graphql/input-scalars';
import { invalidScalarArgument } from './scalar-arguments';

// As the router's supergraph knows DateTimeISO and LocalDate: by name only, any value accepted.
const schema = buildSchema(`
  scalar DateTimeISO
  scalar LocalDate
  input CheckoutInput { deliveryDay: LocalDate }
  input OrdersFilter { placedFrom: DateTimeISO placedBefore: DateTimeISO statuses: [String!] }
  input Window { days: [DateTimeISO!] }
  type Query {
    orders(filter: OrdersFilter, first: Int): [Order!]!
    calendar(window: Window, at: DateTimeISO): [Order!]!
    slots(fromDay: LocalDate, checkout: CheckoutInput): [Order!]!
  }
  type Order { id: ID! lines(since: DateTimeISO): [Int!]! }
`);

const check = (source: string, variables: Record<string, unknown> = {}) => {
  const document = parse(source);
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  return invalidScalarArgument(schema, operation, fragments, variables, INPUT_SCALARS);
};

describe('custom scalar arguments, checked at the router', () => {
  it('lets real instants through, as literals or variables, and null', () => {
    expect(check('{ orders(filter: { placedFrom: "2024-01-01T00:00:00Z" }) { id } }')).toBeUndefined();
    expect(check('query($f: DateTimeISO) { orders(filter: { placedFrom: $f }) { id } }', { f: '2024-01-01T10:00:00.000Z' })).toBeUndefined();
    expect(check('query($f: OrdersFilter) { orders(filter: $f) { id } }', { f: { placedFrom: null, statuses: ['PLACED'] } })).toBeUndefined();
    expect(check('{ calendar(at: null) { id } }')).toBeUndefined();
  });

  it('names the argument of a literal that is no instant, inside input objects and lists', () => {
    expect(check('{ orders(filter: { placedBefore: "2024-13-45" }) { id } }')).toMatchObject({ path: 'filter.placedBefore', field: 'Query.orders' });
    expect(check('{ calendar(window: { days: ["2024-01-01T00:00:00Z", "soon"] }) { id } }')).toMatchObject({ path: 'window.days[1]', field: 'Query.calendar' });
    expect(check('{ calendar(at: 12) { id } }')).toMatchObject({ path: 'at' });
    expect(check('{ orders { lines(since: "nope") } }')?.reason).toMatch(/invalid date-time/);
  });

  it('names the argument of a variable that is no instant, whole or inside an input object', () => {
    expect(check('query($f: DateTimeISO) { orders(filter: { placedFrom: $f }) { id } }', { f: 'yesterday' })).toMatchObject({ path: 'filter.placedFrom' });
    expect(check('query($f: OrdersFilter) { orders(filter: $f) { id } }', { f: { placedFrom: 'yesterday' } })).toMatchObject({ path: 'filter.placedFrom' });
    expect(check('query($w: Window) { calendar(window: $w) { id } }', { w: { days: ['2024-01-01T00:00:00Z', 'x'] } })).toMatchObject({
      path: 'window.days[1]',
    });
  });

  it('checks LocalDate days too: a calendar date passes, a date-time or an impossible day is named', () => {
    expect(check('query($d: LocalDate) { slots(fromDay: $d) { id } }', { d: '2026-12-24' })).toBeUndefined();
    expect(check('{ slots(fromDay: "2026-02-30") { id } }')).toMatchObject({ path: 'fromDay', field: 'Query.slots' });
    expect(check('query($c: CheckoutInput) { slots(checkout: $c) { id } }', { c: { deliveryDay: '2026-12-24T10:00:00Z' } })).toMatchObject({
      path: 'checkout.deliveryDay',
    });
  });

  it('follows fragments', () => {
    expect(check('{ orders { ...L } } fragment L on Order { lines(since: "nope") }')).toMatchObject({ path: 'since', field: 'Order.lines' });
    expect(check('{ orders { ... on Order { lines(since: "nope") } } }')).toMatchObject({ path: 'since' });
  });
});
