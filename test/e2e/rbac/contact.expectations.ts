import { unique } from '../../support/graphql';
import { dataOf } from './catalog.expectations';
import type { FieldExpectation, Fixture } from './types';
import type { SubgraphExpectations } from './types';

const SEND = 'mutation($input: SendMessageInput!) { sendContactMessage(input: $input) { id status } }';
// A fresh email each time: the form takes only a few messages per email address an hour.
const message = () => ({ name: 'Marta', email: `${unique('rbac')}@example.com`, subject: unique('RBAC question'), body: 'Do you deliver on Sundays?' });
const STAFF_ONLY = { anonymous: 'UNAUTHENTICATED', customer: 'FORBIDDEN', otherCustomer: 'FORBIDDEN', staff: 'allowed', admin: 'allowed' } as const;

/** A mutation on the customer's fixture ticket. Moves stay within what every run allows (a CLOSED ticket would take no replies). */
const onTicket =
  (field: string, args: string, variables: (fixture: Fixture) => Record<string, unknown>): FieldExpectation['operation'] =>
  (fixture) => ({
    query: `mutation($id: ID!, ${args}) { ${field}(id: $id, ${args
      .split(', ')
      .map((arg) => `${arg.slice(1, arg.indexOf(':'))}: ${arg.slice(0, arg.indexOf(':'))}`)
      .join(', ')}) { id status } }`,
    variables: { id: fixture.ids.ticketId, ...variables(fixture) },
  });

/** Anyone may write to the shop; staff handle the tickets; a signed-in sender sees and answers their own. */
export const contactExpectations: SubgraphExpectations = {
  setup: async ({ call }) => {
    const { sendContactMessage } = dataOf(await call('customer', SEND, { input: message() }), 'sendContactMessage');
    // Tickets go to staff accounts only, and contact asks the auth subgraph: the fixture's callers exist only as
    // tokens, so the assignee is a real account that an admin made STAFF.
    const { registerAccount } = dataOf(
      await call('anonymous', 'mutation($input: RegisterAccountInput!) { registerAccount(input: $input) { id } }', {
        input: { email: `${unique('rbac-assignee')}@example.com`, password: 'Rbac assignee 2026' },
      }),
      'registerAccount',
    );
    dataOf(await call('admin', 'mutation($id: ID!) { grantRole(accountId: $id, role: STAFF) { account { id } } }', { id: registerAccount.id }), 'grantRole');
    return { ticketId: sendContactMessage.id, assigneeId: registerAccount.id };
  },
  fields: [
    {
      field: 'Query.ticket',
      operation: ({ ids }) => ({ query: 'query($id: ID!) { ticket(id: $id) { id subject body } }', variables: { id: ids.ticketId } }),
      ...STAFF_ONLY,
    },
    { field: 'Query.tickets', operation: () => ({ query: 'query { tickets(first: 5) { id } }' }), ...STAFF_ONLY },
    {
      field: 'Query.ticketsConnection',
      operation: () => ({ query: 'query { ticketsConnection(status: OPEN, first: 5) { totalCount edges { node { id subject } } } }' }),
      ...STAFF_ONLY,
    },
    {
      field: 'Query.myTicketsConnection',
      operation: () => ({ query: 'query { myTicketsConnection(first: 5) { totalCount edges { node { id subject replies { body } } } } }' }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Query.myTickets',
      operation: () => ({ query: 'query { myTickets(first: 5) { id subject replies { body } } }' }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Mutation.sendContactMessage',
      operation: () => ({ query: SEND, variables: { input: message() } }),
      anonymous: 'allowed',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'allowed',
      admin: 'allowed',
    },
    { field: 'Mutation.assignTicket', operation: onTicket('assignTicket', '$assigneeId: ID!', ({ ids }) => ({ assigneeId: ids.assigneeId })), ...STAFF_ONLY },
    // OPEN → IN_PROGRESS once; the second staff call answers INVALID_TRANSITION, which is not an access refusal.
    {
      field: 'Mutation.changeTicketStatus',
      operation: onTicket('changeTicketStatus', '$status: TicketStatus!', () => ({ status: 'IN_PROGRESS' })),
      ...STAFF_ONLY,
    },
    { field: 'Mutation.addTicketNote', operation: onTicket('addTicketNote', '$body: String!', () => ({ body: 'Internal: RBAC check' })), ...STAFF_ONLY },
    {
      field: 'Mutation.replyToTicket',
      operation: onTicket('replyToTicket', '$body: String!', () => ({ body: 'RBAC reply' })),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'FORBIDDEN',
      staff: 'allowed',
      admin: 'allowed',
    },
  ],
};
