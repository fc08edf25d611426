import type { Redis } from 'ioredis';
import { serviceUnavailable } from '../../errors';
import type { RoleName } from '../identity';
import { encodeRevocation, REVOCATIONS_CHANNEL, REVOCATIONS_KEY } from './revocation';

/** Stands for the version of a `roles` entry in a member until the script below fills it in. */
const VERSION = '{version}';

/**
 * One atomic step in Redis: drop what has expired, add the members (with `until` as their score), announce them.
 * A `roles` member gets Redis's own clock in microseconds as its version: one clock for every auth instance, still
 * increasing after a Redis restart. Members hold only [A-Za-z0-9:,-], so quoting them as JSON strings is safe.
 */
const WRITE = `
local time = redis.call('TIME')
local version = time[1] .. string.format('%06d', tonumber(time[2]))
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local quoted = {}
for i = 4, #ARGV do
  local member = string.gsub(ARGV[i], '{version}', version)
  redis.call('ZADD', KEYS[1], ARGV[3], member)
  quoted[#quoted + 1] = '"' .. member .. '"'
end
redis.call('PUBLISH', ARGV[1], '{"until":' .. ARGV[3] .. ',"members":[' .. table.concat(quoted, ',') .. ']}')
return #quoted
`;

/**
 * The auth service's side: records revocations in Redis and announces them to every router and subgraph
 * instance. Called inside the database transaction that makes the change, before it commits: a failure
 * (Redis down) rolls the change back, so a sign-out the client was told about is always in Redis; a commit that
 * fails after this only revokes more than it should (a token refused until it is refreshed).
 */
export class RevocationWriter {
  /**
   * @param accessTokenTtlMs the longest an access token lives: no entry matters longer than that after it is
   * written (plus `slackMs` for clocks that differ between machines).
   */
  constructor(
    private readonly redis: Redis,
    private readonly accessTokenTtlMs: number,
    private readonly slackMs = 60_000,
  ) {}

  /** Every access token of these sessions. */
  sessions(sessionIds: readonly string[]): Promise<void> {
    return this.write(sessionIds.map((sessionId) => encodeRevocation({ kind: 'session', sessionId, until: 0 })));
  }

  /** Every access token of this account (deleted). */
  account(accountId: string): Promise<void> {
    return this.write([encodeRevocation({ kind: 'account', accountId, until: 0 })]);
  }

  /** From now on tokens of this account grant only `roles` (the roles it holds after a change). */
  roles(accountId: string, roles: readonly RoleName[]): Promise<void> {
    const member = encodeRevocation({ kind: 'roles', accountId, roles: [...roles], version: 0, until: 0 });
    return this.write([member.replace(`roles:${accountId}:0:`, `roles:${accountId}:${VERSION}:`)]);
  }

  private async write(members: string[]): Promise<void> {
    if (members.length === 0) return;
    const now = Date.now();
    try {
      await this.redis.eval(WRITE, 1, REVOCATIONS_KEY, REVOCATIONS_CHANNEL, String(now), String(now + this.accessTokenTtlMs + this.slackMs), ...members);
    } catch {
      // Thrown inside the caller's transaction: the change is rolled back, and the client told to try again
      // (the driver's message is left out: it can name hosts).
      throw serviceUnavailable({
        service: 'redis',
        message: 'Access tokens cannot be revoked right now (Redis did not answer); nothing was changed; try again',
      });
    }
  }
}
