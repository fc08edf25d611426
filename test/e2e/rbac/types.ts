/** What a caller gets from a root field: served (perhaps with a domain error), or refused by access control. */
export type Outcome = 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN';

export const IDENTITIES = ['anonymous', 'customer', 'otherCustomer', 'staff', 'admin'] as const;
export type IdentityName = (typeof IDENTITIES)[number];

export interface Caller {
  accountId: string;
  headers: Record<string, string>;
}

export interface Fixture {
  customer: Caller;
  otherCustomer: Caller;
  staff: Caller;
  admin: Caller;
  /** Ids of objects the setups created (owned by `customer` unless their name says otherwise). */
  ids: Record<string, string>;
}

export interface Operation {
  query: string;
  variables?: Record<string, unknown>;
}

export type Call = (identity: IdentityName, query: string, variables?: Record<string, unknown>) => Promise<{ data?: any; errors?: any[] }>;

export type FieldExpectation = {
  field: string;
  operation: (fixture: Fixture) => Operation;
  /** Subscriptions are called over graphql-ws; `trigger` makes the event an allowed subscriber must then receive. */
  transport?: 'http' | 'ws';
  trigger?: (fixture: Fixture, call: Call) => Promise<void>;
} & Record<IdentityName, Outcome>;

export interface SubgraphExpectations {
  setup?: (tools: { call: Call; fixture: Fixture }) => Promise<Record<string, string>>;
  fields: FieldExpectation[];
}
