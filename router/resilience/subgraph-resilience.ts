import type { Fetcher } from '@apollo/utils.fetcher';
import type CircuitBreaker from 'opossum';
import { Counter, type Registry } from 'prom-client';
import { observedGauge } from '../../runtime/observed-gauge';
import type { Agent } from 'undici';
import type { z } from 'zod';
import type { Logger } from '../../runtime/logger';
import { breakerGauge } from './breaker-gauge';
import { BreakerState, subgraphBreaker } from './circuit-breaker';
import { ConcurrencyLimit } from './concurrency-limit';
import { InFlightCalls } from './in-flight';
import { subgraphCallHistogram } from './subgraph-call-metrics';
import type { resilienceEnv } from './resilience-env';
import { SubgraphServerError } from './subgraph-errors';
import { subgraphFetcher, type SubgraphCallPolicy } from './subgraph-fetcher';
import { sendToSubgraph, subgraphAgent, type SubgraphRequest } from './subgraph-http';
import type { SubgraphResponse } from './subgraph-response';

export type ResilienceConfig = z.infer<z.ZodObject<typeof resilienceEnv>> & {
  subgraphTimeouts: Map<string, number>;
  subgraphConcurrency?: Map<string, number>;
};

const STATE_NAMES = { [BreakerState.Closed]: 'closed', [BreakerState.HalfOpen]: 'half-open', [BreakerState.Open]: 'open' };

/**
 * What the router holds for calling subgraphs, made once at start: the keep-alive connection pool, a
 * concurrency limit per subgraph (its refusals in `router_load_shed_total`), one circuit breaker per subgraph (its state in `router_subgraph_breaker_state`), the calls in flight, and the
 * duration and outcome of every attempt (`router_subgraph_request_duration_seconds`).
 */
export class SubgraphResilience {
  private readonly agent: Agent;
  private readonly gauge;
  private readonly calls;
  private readonly breakers = new Map<string, CircuitBreaker<[SubgraphRequest], SubgraphResponse>>();
  private readonly inFlight = new InFlightCalls<SubgraphResponse>();
  private readonly shed: Counter<'subgraph' | 'priority'>;
  private readonly limits = new Map<string, ConcurrencyLimit>();
  private readonly inFlightGauge;

  constructor(
    private readonly config: ResilienceConfig,
    registry: Registry,
    private readonly logger: Logger,
  ) {
    this.agent = subgraphAgent(config.SUBGRAPH_KEEP_ALIVE_MS);
    this.gauge = breakerGauge(registry);
    this.calls = subgraphCallHistogram(registry);
    this.inFlightGauge = observedGauge(
      registry,
      'router_subgraph_calls_in_flight',
      'Calls to a subgraph holding a slot of its concurrency limit now',
      'subgraph',
    );
    this.shed = new Counter({
      name: 'router_load_shed_total',
      help: 'Subgraph calls the router refused because the subgraph had as much in flight as it may (SUBGRAPH_BUSY), by priority: read (browsing) or write',
      labelNames: ['subgraph', 'priority'],
      registers: [registry],
    });
  }

  /** The fetch the gateway's data source for `subgraph` uses. */
  fetcherFor(subgraph: string): Fetcher {
    const policy = this.policyFor(subgraph);
    return subgraphFetcher(subgraph, policy, this.breakerFor(subgraph, policy.timeoutMs), this.inFlight, this.limitFor(subgraph), (priority) =>
      this.shed.inc({ subgraph, priority }),
    );
  }

  policyFor(subgraph: string): SubgraphCallPolicy {
    const { config } = this;
    return {
      timeoutMs: config.subgraphTimeouts.get(subgraph) ?? config.SUBGRAPH_TIMEOUT_MS,
      retry: {
        retries: config.SUBGRAPH_RETRIES,
        baseMs: config.SUBGRAPH_RETRY_BASE_MS,
        maxMs: config.SUBGRAPH_RETRY_MAX_MS,
        budgetMs: config.SUBGRAPH_RETRY_BUDGET_MS,
      },
      dedupe: config.SUBGRAPH_DEDUPE,
    };
  }

  async close(): Promise<void> {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    await this.agent.close();
  }

  private limitFor(subgraph: string): ConcurrencyLimit {
    let limit = this.limits.get(subgraph);
    if (!limit) {
      const { config } = this;
      limit = new ConcurrencyLimit({
        maxInFlight: config.subgraphConcurrency?.get(subgraph) ?? config.SUBGRAPH_MAX_CONCURRENCY,
        readShare: config.SUBGRAPH_READ_SHARE,
        readWaitMs: config.SUBGRAPH_READ_WAIT_MS,
        writeWaitMs: config.SUBGRAPH_WRITE_WAIT_MS,
        maxWaiting: config.SUBGRAPH_MAX_WAITING,
      });
      this.limits.set(subgraph, limit);
      const watched = limit;
      this.inFlightGauge.watch(subgraph, async () => watched.active);
    }
    return limit;
  }

  private breakerFor(subgraph: string, timeoutMs: number): CircuitBreaker<[SubgraphRequest], SubgraphResponse> {
    const existing = this.breakers.get(subgraph);
    if (existing) return existing;
    const { agent, config, calls } = this;
    const call = async (request: SubgraphRequest) => {
      const timer = calls.startTimer({ subgraph });
      let response: SubgraphResponse;
      try {
        response = await sendToSubgraph(agent, request, AbortSignal.timeout(timeoutMs));
      } catch (error) {
        timer({ outcome: 'no_answer' });
        throw error;
      }
      timer({ outcome: response.status >= 500 ? 'server_error' : 'answered' });
      if (response.status >= 500) throw new SubgraphServerError(response);
      return response;
    };
    const policy = {
      errorPercent: config.SUBGRAPH_BREAKER_ERROR_PERCENT,
      minCalls: config.SUBGRAPH_BREAKER_MIN_CALLS,
      windowMs: config.SUBGRAPH_BREAKER_WINDOW_MS,
      resetMs: config.SUBGRAPH_BREAKER_RESET_MS,
    };
    const breaker = subgraphBreaker(subgraph, call, policy, (state) => {
      this.gauge.set({ subgraph }, state);
      const log = state === BreakerState.Open ? this.logger.warn.bind(this.logger) : this.logger.info.bind(this.logger);
      log({ subgraph, state: STATE_NAMES[state] }, `subgraph ${subgraph} circuit breaker ${STATE_NAMES[state]}`);
    });
    this.gauge.set({ subgraph }, BreakerState.Closed);
    // Every outcome and refusal has a series from the first call on: the first failure shows in rate() and increase().
    for (const outcome of ['answered', 'server_error', 'no_answer'] as const) calls.zero({ subgraph, outcome });
    for (const priority of ['read', 'write'] as const) this.shed.inc({ subgraph, priority }, 0);
    this.breakers.set(subgraph, breaker);
    return breaker;
  }
}
