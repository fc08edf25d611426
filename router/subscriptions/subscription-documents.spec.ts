import { buildSchema, type GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SubscriptionDocuments, type ReadDocument } from './subscription-documents';

const sdl = `
  type Query { order(id: ID!): Order }
  type Subscription { orderStatusChanged(orderId: ID!): Order!  orderUpdates: Order! }
  type Order { id: ID! status: String! }
`;
const FEED = 'subscription { orderUpdates { id status } }';

describe('SubscriptionDocuments', () => {
  it('reads a document once per text and schema: its subscribers share one tree, kept without token lists', () => {
    const documents = new SubscriptionDocuments();
    const schema = buildSchema(sdl);
    const first = documents.get(schema, FEED, undefined) as ReadDocument;
    expect(first.prepared).toMatchObject({ field: 'orderUpdates', responseKey: 'orderUpdates' });
    expect(documents.get(schema, FEED, undefined)).toBe(first);
    expect(first.document.loc).toBeUndefined();
    // A new schema (the supergraph changed) reads it again, against that schema.
    const again = documents.get(buildSchema(sdl), FEED, undefined);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('refuses invalid documents with the locations the client needs, and the same text again without reading it', () => {
    const documents = new SubscriptionDocuments();
    const schema = buildSchema(sdl);
    const refused = documents.get(schema, 'subscription {\n  orderUpdates { nope } }', undefined) as readonly GraphQLError[];
    expect(refused.map((error) => [error.extensions.code, error.locations])).toEqual([['GRAPHQL_VALIDATION_FAILED', [{ line: 2, column: 18 }]]]);
    expect(documents.get(schema, 'subscription {\n  orderUpdates { nope } }', undefined)).toBe(refused);
    const unparsable = documents.get(schema, 'subscription {', undefined) as readonly GraphQLError[];
    expect(unparsable[0].message).toContain('Syntax Error');
  });

  it('tells operations of one document apart by name', () => {
    const documents = new SubscriptionDocuments();
    const schema = buildSchema(sdl);
    const text = 'subscription A { orderUpdates { id } } subscription B($id: ID!) { orderStatusChanged(orderId: $id) { id } }';
    expect((documents.get(schema, text, 'A') as ReadDocument).prepared.field).toBe('orderUpdates');
    expect((documents.get(schema, text, 'B') as ReadDocument).prepared.field).toBe('orderStatusChanged');
  });
});
