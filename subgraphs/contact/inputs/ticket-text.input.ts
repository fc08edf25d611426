import { check, checkId, isText } from '../../../runtime/validation';
import { MAX_BODY_LENGTH } from './send-message.input';

/** A reply or note: the same bounds as the message that opened the ticket. */
export function validateTicketText(body: string): void {
  check(isText(body, MAX_BODY_LENGTH), 'body', `Text must be 1 to ${MAX_BODY_LENGTH} characters`);
}

/** The assignee's id is well formed; whether it is a staff account only the auth subgraph can say (AuthClient). */
export function validateAssignee(assigneeId: string): void {
  checkId(assigneeId, 'assigneeId');
}
