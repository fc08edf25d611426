import { unique } from '../../support/graphql';
import { dataOf } from './catalog.expectations';
import type { SubgraphExpectations } from './types';

const SEND = 'mutation($input: SendMessageInput!) { sendContactMessage(input: $input) { id status } }';
const message = () => ({ name: 'Marta', email: 'marta@example.com', subject: unique('RBAC question'), body: 'Do you deliver on Sundays?' });
const STAFF_ONLY = { anonymous: 'UNAUTHENTICATED', customer: 'FORBIDDEN', otherCustomer: 'FORBIDDEN', staff: 'allowed', admin: 'allowed' } as const;

/** Anyone may write to the shop; staff handle the tickets; a signed-in sender sees their own. */
export const contactExpectations: SubgraphExpectations = {
  setup: async ({ call }) => {
    const { sendContactMessage } = dataOf(await call('customer', SEND, { input: message() }), 'sendContactMessage');
    return { ticketId: sendContactMessage.id };
  },
  fields: [
    {
      field: 'Query.ticket',
      operation: ({ ids }) => ({ query: 'query($id: ID!) { ticket(id: $id) { id subject body } }', variables: { id: ids.ticketId } }),
      ...STAFF_ONLY,
    },
    { field: 'Query.tickets', operation: () => ({ query: 'query { tickets(first: 5) { id } }' }), ...STAFF_ONLY },
    {
      field: 'Query.myTickets',
      operation: () => ({ query: 'query { myTickets(first: 5) { id subject } }' }),
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
  ],
};
