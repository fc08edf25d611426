// Shared by the contact subgraph's spec files (not a spec itself): operations, headers, event capture.
import { unique } from '../../test/support/graphql';

export const TICKET_FIELDS = 'id status subject email nextStatuses sender { id } assignee { id }';
export const SEND = `mutation($input: SendMessageInput!) { sendContactMessage(input: $input) { ${TICKET_FIELDS} } }`;

export const message = (subject = unique('Question'), email = 'Marta@Example.com') => ({ name: 'Marta', email, subject, body: 'Do you deliver on Sundays?' });
export const uniqueEmail = () => `${unique('sender')}@example.com`;

/** Limits high enough that only the throttle tests meet them. */
export const roomyLimits = { CONTACT_MAX_MESSAGES_PER_ADDRESS: '10000', CONTACT_MAX_MESSAGES_PER_EMAIL: '10000', OUTBOX_POLL_INTERVAL_MS: '50' };

export const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => [
  ...new Set((response.errors ?? []).map((error) => error.extensions?.code)),
];

export { fromAddress, uniqueAddress } from '../../test/support/client-address';
export { captureEvents } from '../../test/support/events';
