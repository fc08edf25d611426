import { fixed, formatTable, goalLine } from '../shared/table';
import type { DayResult } from './busy-day';
import { dayGoals } from './goals';
import { hitRatio, survivalRatio, type StatusCounts } from '../shared/router-metrics';
import { stepClasses } from './tally';
import { quantile } from '../shared/quantile';

/** `A 3, B 1`, most frequent first; `-` when empty. */
const counts = (entries: Record<string, number>, leaveOut: string[] = []) =>
  Object.entries(entries)
    .filter(([key, value]) => value > 0 && !leaveOut.includes(key))
    .sort((a, b) => b[1] - a[1])
    .map(([key, value]) => `${key} ${value}`)
    .join(', ') || '-';

// With the share of kept answers still served where writes invalidated some (STALE): what the writes cost.
const cacheLine = (label: string, status: StatusCounts) =>
  `${label}: ${counts(status)}; hit ratio ${fixed(hitRatio(status) * 100, 1)}%` +
  (status.STALE ? `; kept answers still fresh when asked again ${fixed(survivalRatio(status) * 100, 1)}%` : '');

function requestsTable(day: DayResult): string {
  const lines = stepClasses.map((name) => {
    const s = day.tally.summary(name);
    return [
      name,
      String(s.count),
      fixed(s.p50Ms, 0),
      fixed(s.p99Ms, 0),
      String(s.ok),
      s.count ? `${((s.refused / s.count) * 100).toFixed(1)}%` : '-',
      counts(s.outcomes, ['ok']),
      counts(s.codes),
    ];
  });
  return formatTable(['class', 'requests', 'p50 ms', 'p99 ms', 'ok', 'shed', 'other outcomes', 'error codes'], lines, 1);
}

function operationsTable(day: DayResult): string {
  const lines = day.tally.operations().map(({ name, count, p50Ms, p99Ms }) => [name, String(count), fixed(p50Ms, 0), fixed(p99Ms, 0)]);
  return formatTable(['operation', 'requests', 'p50 ms', 'p99 ms'], lines, 1);
}

function processTable(day: DayResult): string {
  const requests = day.tally.total();
  const lines = day.usage.map(({ name, cpuSeconds, peakRssMb }) => [name, fixed(cpuSeconds, 1), fixed((cpuSeconds * 1000) / requests, 2), fixed(peakRssMb, 0)]);
  return formatTable(['process', 'CPU s', 'CPU ms / request', 'peak RSS MB'], lines, 1);
}

/**
 * What the shoppers asked of the machine against what it could give at the CPU a request cost this day: a
 * closed loop (each shopper waits for an answer, thinks, asks again) asks at most N ÷ mean think steps per
 * second; when every process's CPU per request times that rate exceeds the cores, the answers' latency grows
 * until the asking slows down to what the cores can serve.
 */
export function capacityLine({ shoppers, thinkMs, cores, steps, tally, usage, harness, lastAnswerSeconds }: DayResult): string {
  const requests = tally.total();
  const cpuSeconds = usage.reduce((sum, { cpuSeconds }) => sum + cpuSeconds, 0) + harness.cpuSeconds;
  const cpuMsPerRequest = (cpuSeconds * 1000) / requests;
  const requestsPerStep = requests / Math.max(steps, 1);
  const meanThinkSeconds = (thinkMs[0] + thinkMs[1]) / 2000;
  const asked = (shoppers / meanThinkSeconds) * requestsPerStep;
  const servable = (cores * 1000) / cpuMsPerRequest;
  return (
    `capacity: ${shoppers} shoppers thinking ${fixed(meanThinkSeconds, 2)} s on average ask up to ${fixed(asked, 0)} requests/s ` +
    `(${fixed(requestsPerStep, 2)} a step); they got ${fixed(requests / lastAnswerSeconds, 0)}/s. Every process above and the harness ` +
    `used ${fixed(cpuSeconds / lastAnswerSeconds, 2)} of ${cores} cores, ${fixed(cpuMsPerRequest, 1)} ms of CPU a request: ` +
    `at that cost the cores serve at most ${fixed(servable, 0)} requests/s`
  );
}

function harnessLine({ harness, tally }: DayResult): string {
  const { p50, p99, max } = harness.loopDelayMs;
  return (
    `the harness (every shopper, this process): CPU ${fixed(harness.cpuSeconds, 1)} s (${fixed((harness.cpuSeconds * 1000) / tally.total(), 2)} ms / request); ` +
    `its event loop's delay p50 ${fixed(p50, 0)} / p99 ${fixed(p99, 0)} / max ${fixed(max, 0)} ms, part of every latency above`
  );
}

/** The router's event-loop delay over the day's scrapes: the median second's p99, the worst second's p99 and the longest wait. */
function loopDelayLine({ loopDelayMs }: DayResult['router']): string {
  const p99s = [...loopDelayMs.p99].sort((a, b) => a - b);
  if (p99s.length === 0) return "router's event loop: not exposed (nodejs_eventloop_lag_p99_seconds)";
  return (
    `router's event loop (nodejs_eventloop_lag, each scrape's second): delay p99 ${fixed(quantile(p99s, 0.5), 0)} ms in the median second, ` +
    `${fixed(p99s[p99s.length - 1], 0)} ms in the worst; longest ${fixed(Math.max(...loopDelayMs.max), 0)} ms`
  );
}

function routerLines(day: DayResult): string[] {
  const { router } = day;
  const opened = Object.entries(router.breakerMax).filter(([, state]) => state >= 1);
  const lines = [
    `breakers: ${opened.length === 0 ? 'none opened' : opened.map(([subgraph, state]) => `${subgraph} ${state === 2 ? 'open' : 'half-open'}`).join(', ')} (router_subgraph_breaker_state, ${router.scrapes - router.failedScrapes} of ${router.scrapes} scrapes answered)`,
    loopDelayLine(router),
    cacheLine('response cache (router_response_cache_total)', router.responseCache),
    `refused as busy (router_operations_shed_total): ${shedLine(router.shed)}`,
    subgraphCallsLine(day),
  ];
  if (router.subgraphCache === null) lines.push('subgraph cache: not exposed by this router (router_subgraph_cache_total)');
  else {
    for (const [subgraph, status] of Object.entries(router.subgraphCache).sort())
      lines.push(cacheLine(`subgraph cache ${subgraph}${subgraph === 'catalog' ? ' (the catalog)' : ''}`, status));
    const steady = router.steadySubgraphCache?.catalog;
    if (steady) lines.push(cacheLine("subgraph cache catalog, steady state (the day's last two thirds)", steady));
    const ofQueries = router.steadyQueryCache?.catalog;
    if (ofQueries) lines.push(cacheLine('subgraph cache catalog, steady state, calls of queries only (listings, product and order pages)', ofQueries));
  }
  return lines;
}

/** One day's report: requests by class, orders, the router's breakers and caches, each process's CPU and memory, the checks and goals. */
export function formatDay(day: DayResult): string {
  const c = day.correctness;
  return [
    `## ${day.warmUp ? 'Warm-up, not judged: ' : ''}N = ${day.shoppers} shoppers, ${day.seconds} s (last answer at ${day.lastAnswerSeconds.toFixed(1)} s)`,
    '',
    requestsTable(day),
    '',
    operationsTable(day),
    '',
    `orders: ${day.acknowledgedOrders} acknowledged, ${(day.acknowledgedOrders / day.seconds).toFixed(2)} placed per second; ${c.readBack} read back (${c.placedUnacknowledged} placed without an acknowledgement)`,
    ...routerLines(day),
    '',
    processTable(day),
    harnessLine(day),
    capacityLine(day),
    '',
    ...dayGoals(day).map((goal) => goalLine(goal.reached, `${goal.correctness ? '[correctness] ' : ''}${goal.text}`)),
  ].join('\n');
}

/** The router's calls to each subgraph, and per request of the day: each call is a hop through another process. */
function subgraphCallsLine({ router, tally }: DayResult): string {
  const requests = stepClasses.reduce((sum, stepClass) => sum + tally.summary(stepClass).count, 0);
  const calls = Object.entries(router.subgraphCalls).filter(([, count]) => count > 0);
  if (calls.length === 0) return 'subgraph calls (router_subgraph_request_duration_seconds_count): none';
  const total = calls.reduce((sum, [, count]) => sum + count, 0);
  const each = calls
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([subgraph, count]) => `${subgraph} ${count}`)
    .join(', ');
  return `subgraph calls (router_subgraph_request_duration_seconds_count): ${total}, ${fixed(total / Math.max(1, requests), 2)} a request: ${each}`;
}

/** Where the router decided its ROUTER_BUSY refusals: at the edge (before parsing) or at admission (after). */
function shedLine(shed: Record<string, number>): string {
  const total = Object.values(shed).reduce((sum, count) => sum + count, 0);
  if (total === 0) return 'none';
  return `${total}: ${Object.entries(shed)
    .sort()
    .map(([stage, count]) => `${stage} ${count}`)
    .join(', ')}`;
}
