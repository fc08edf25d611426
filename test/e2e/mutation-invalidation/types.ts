export type Headers = Record<string, string>;

/** A signed-in caller made for one scenario. */
export interface Caller {
  accountId: string;
  headers: Headers;
}

/** A caller with a real account in the auth subgraph (registered, then signed in with its password). */
export interface AccountHolder extends Caller {
  password: string;
}

/** What the scenarios set things up with, all through the router. */
export interface Shop {
  url: string;
  /** Staff and an admin (tokens only; both read past the response cache). */
  staff: Headers;
  admin: Headers;
  /** A new signed-in customer (a token only; the profile is made on first use). */
  customer: () => Promise<Caller>;
  /** A new registered customer, signed in with the auth subgraph's own token. */
  accountHolder: () => Promise<AccountHolder>;
  /** The data of an operation that must succeed (fails the scenario with its errors otherwise). */
  run: (as: Headers, query: string, variables?: Record<string, unknown>) => Promise<any>;
  /** A new active product with a name of its own (so searches for it find it alone); its id. */
  product: (name: string, stock?: number) => Promise<string>;
  /** A name no other scenario or test run uses. */
  unique: (prefix: string) => string;
}

/**
 * How the router answers a read: `HIT`, its second ask comes from the response cache; `MISS`, never cached (data
 * without a cache hint); `BYPASS`, a staff read, which passes the cache by design.
 */
export type ReadCache = 'HIT' | 'MISS' | 'BYPASS';

/** A read a client makes to see a mutation's effect. */
export interface Read {
  /** Who reads it, for the failure message (the mutation's caller, or another reader). */
  who: string;
  as: Headers;
  query: string;
  variables?: Record<string, unknown>;
  cache: ReadCache;
  /** Asserts (with `expect`) that the answer shows the mutation's effect; the answer before it must fail this. */
  shows: (data: any) => void;
  /**
   * The effect is made after the mutation's answer by an event consumer, whose announcement invalidates: the read
   * is retried until it shows it, for at most `withinMs`.
   */
  later?: { because: string; withinMs: number };
}

export interface Operation {
  as: Headers;
  query: string;
  variables?: Record<string, unknown>;
}

/** The mutation to prove, and the reads that show its effect. */
export interface Plan {
  mutation: Operation;
  reads: Read[];
}

/**
 * A mutation proven through the routers: `arrange` sets up what it needs and says which reads show its effect;
 * each is read until cached before the mutation (or proven never cached), then once right after it.
 */
export interface Scenario {
  field: string;
  arrange: (shop: Shop) => Promise<Plan>;
  /** Required when none of the reads is ever cached (`HIT`): why not, so that making them cacheable fails the entry. */
  uncachedBecause?: string;
}

/** A mutation whose effect no client reads through the cache, and why. */
export interface Exemption {
  field: string;
  exempt: string;
}

export type MutationInvalidation = Scenario | Exemption;

export const isExemption = (entry: MutationInvalidation): entry is Exemption => 'exempt' in entry;
