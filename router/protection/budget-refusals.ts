import type { ServerResponse } from 'node:http';
import type { DomainError } from '../../runtime/errors';
import { sendRefusal } from '../../runtime/http-errors';

/** Refusals held at once at most: past it one is answered at once (each held costs an open socket and a timer). */
const MAX_HELD = 10_000;

/**
 * Answers requests past their caller's budget with the rate limit's refusal, as the pipeline would (HTTP 429 with
 * Retry-After), each held back `holdMs` first. A client that sends its next request as soon as it has an answer
 * (as scripts and bots do) is slowed to one request per hold, instead of getting refusals as fast as the router
 * can write them, which would take the router's CPU from everyone else; a client that honours Retry-After waits
 * at least as long anyway. A flood that does not wait for answers is a matter for the edge in front of the router.
 */
export class BudgetRefusals {
  private held = 0;

  constructor(private readonly holdMs: number) {}

  /** Sends the refusal once it was held: HTTP 429 with Retry-After. */
  send(res: ServerResponse, refusal: DomainError): void {
    void this.hold().then(() => {
      if (!res.destroyed && !res.headersSent) sendRefusal(res, refusal);
    });
  }

  /** Resolves once a refusal was held long enough (at once past MAX_HELD): for refusals the pipeline sends. */
  async hold(): Promise<void> {
    if (this.holdMs <= 0 || this.held >= MAX_HELD) return;
    this.held += 1;
    await new Promise((resolve) => setTimeout(resolve, this.holdMs));
    this.held -= 1;
  }
}
