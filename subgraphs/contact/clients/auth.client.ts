import { GraphQLError } from 'graphql';
import { serviceCallerHeaders } from '../../../runtime/auth/service-caller';
import { serviceUnavailable } from '../../../runtime/errors';
import type { Logger } from '../../../runtime/logger';
import { callSubgraph, isUnavailable } from '../../../runtime/subgraph/subgraph-client';

export interface StaffAccount {
  id: string;
  roles: string[];
}

/** Who is asking, for the logs of both services. */
export interface LookupCaller {
  requestId: string;
  logger: Logger;
}

const STAFF_ACCOUNTS = `query($ids: [ID!]!) { staffAccounts(ids: $ids) { id roles } }`;

/**
 * How long contact waits for the auth service: well under the router's wait for contact (SUBGRAPH_TIMEOUT_MS,
 * 5 s by default), so a hung auth service is reported by contact as such, not as contact timing out.
 */
export const AUTH_CALL_TIMEOUT_MS = 2_000;

export const authUnavailable = () =>
  serviceUnavailable({
    service: 'auth',
    message: 'The auth service did not answer, so the assignee could not be checked; nothing was changed. Try again shortly',
  });

/**
 * The auth service as the contact service needs it: which accounts are staff. Accounts and roles live there
 * alone; the question is asked as the service "contact" (signed with INTERNAL_SECRET), never as the caller,
 * since `staffAccounts` is for services only.
 */
export class AuthClient {
  constructor(
    private readonly url: string,
    private readonly internalSecret: string | undefined,
    private readonly timeoutMs = AUTH_CALL_TIMEOUT_MS,
  ) {}

  /** Whether `accountId` is a STAFF or ADMIN account now (false for a customer's account and for no account). */
  async isStaffAccount(caller: LookupCaller, accountId: string): Promise<boolean> {
    return (await this.staffAmong(caller, [accountId])).some((account) => account.id === accountId);
  }

  /**
   * The staff accounts among `ids`. Throws SERVICE_UNAVAILABLE when the auth service does not answer (down,
   * timed out, failing); an internal error when it refuses the call, which is a deployment fault (a different
   * INTERNAL_SECRET, clocks over a minute apart), not something the caller can change.
   */
  async staffAmong(caller: LookupCaller, ids: readonly string[]): Promise<StaffAccount[]> {
    if (!this.internalSecret) throw new Error('INTERNAL_SECRET is not set: the contact service cannot ask the auth service who is staff');
    const options = { requestId: caller.requestId, headers: serviceCallerHeaders('contact', this.internalSecret), timeoutMs: this.timeoutMs };
    try {
      return (await callSubgraph<{ staffAccounts: StaffAccount[] }>('auth', this.url, STAFF_ACCOUNTS, { ids: [...ids] }, options)).staffAccounts;
    } catch (error) {
      if (error instanceof GraphQLError && !isUnavailable(error)) {
        caller.logger.error(
          { err: error },
          'the auth service refused the staff look-up (is INTERNAL_SECRET the same for both? are their clocks within a minute?)',
        );
        throw new Error(`The auth service refused the staff look-up: ${error.message}`, { cause: error });
      }
      caller.logger.warn({ err: error }, 'the auth service did not answer the staff look-up');
      throw authUnavailable();
    }
  }
}
