import { GraphQLError, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { isRefusal, prepareOrderSubscription, type PreparedOrderSubscription } from './order-subscription';

export interface ReadDocument {
  document: DocumentNode;
  prepared: PreparedOrderSubscription;
}

type Outcome = ReadDocument | readonly GraphQLError[];

/** Characters of subscription documents kept (their trees take some tens of times that). */
const MAX_CACHED_CHARACTERS = 1_000_000;

/**
 * Subscription documents parsed, validated and read once per text and schema: thousands of clients subscribe with
 * the same few documents, and each subscription then holds the shared tree instead of its own (a tree with its
 * token list and locations is tens of kilobytes). Refusals are kept too, so the same bad document costs no work.
 */
export class SubscriptionDocuments {
  private schema: GraphQLSchema | undefined;
  private readonly read = new LRUCache<string, { outcome: Outcome }>({
    maxSize: MAX_CACHED_CHARACTERS,
    sizeCalculation: (_value, key) => Math.max(1, key.length),
  });

  /** The document of this text for this schema (a new schema empties the cache), or why it is refused. */
  get(schema: GraphQLSchema, query: string, operationName: string | null | undefined): Outcome {
    if (schema !== this.schema) {
      this.read.clear();
      this.schema = schema;
    }
    const key = `${operationName ?? ''}\n${query}`;
    const cached = this.read.get(key);
    if (cached) return cached.outcome;
    const outcome = readDocument(schema, query, operationName);
    // A document longer than the whole cache is read every time rather than evicting everything else.
    if (key.length <= MAX_CACHED_CHARACTERS) this.read.set(key, { outcome });
    return outcome;
  }
}

function readDocument(schema: GraphQLSchema, query: string, operationName: string | null | undefined): Outcome {
  let document: DocumentNode;
  try {
    // Without token lists and locations (a fraction of the memory): nothing after validation needs them.
    document = parse(query, { noLocation: true });
  } catch (error) {
    return [error instanceof GraphQLError ? error : new GraphQLError('The document could not be parsed')];
  }
  const prepared = prepareOrderSubscription(schema, document, operationName);
  if (!isRefusal(prepared)) return { document, prepared };
  // Refused: read again with locations, which the client's errors point at.
  return prepareOrderSubscription(schema, parse(query), operationName) as readonly GraphQLError[];
}
