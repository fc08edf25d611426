import { quantile } from '../shared/quantile';
import type { StepClass } from './mix';
import { outcomeOf, type Exchange } from './outcome';

export const stepClasses: StepClass[] = ['browse', 'cart', 'checkout', 'history'];

/** What the requests of one class came to. */
export interface ClassSummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  /** Requests per outcome label (`ok`, `GraphQL errors`, `HTTP 503 with Retry-After`, `timeout`…). */
  outcomes: Record<string, number>;
  /** Requests whose errors carried each `extensions.code`. */
  codes: Record<string, number>;
  /** Turned away with HTTP 429 or 503. */
  refused: number;
  capacityFailures: number;
}

interface ClassRecord {
  latencies: number[];
  outcomes: Map<string, number>;
  codes: Map<string, number>;
  refused: number;
  capacityFailures: number;
}

const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
const sortedNumbers = (values: number[]) => [...values].sort((a, b) => a - b);

/** Every request of a run, by class: latency, outcome and error codes; and every refusal's latency. */
export class Tally {
  private readonly classes = new Map<StepClass, ClassRecord>(
    stepClasses.map((name) => [name, { latencies: [], outcomes: new Map(), codes: new Map(), refused: 0, capacityFailures: 0 }]),
  );
  /** Latencies per operation name (`BrowseProducts`, `AddCartLine`…): which request of a class is slow. */
  private readonly operationLatencies = new Map<string, number[]>();
  /** Every refusal: its latency, when its answer came (the clock's ms), and whether it said when to come back. */
  private readonly refusalsSeen: Array<{ ms: number; at: number; retryAfter: boolean }> = [];

  constructor(private readonly clock: () => number = Date.now) {}

  record(stepClass: StepClass, exchange: Exchange, operationName: string): void {
    const record = this.classes.get(stepClass)!;
    const outcome = outcomeOf(exchange);
    record.latencies.push(exchange.ms);
    const latencies = this.operationLatencies.get(operationName) ?? [];
    latencies.push(exchange.ms);
    this.operationLatencies.set(operationName, latencies);
    bump(record.outcomes, outcome.label);
    for (const code of exchange.codes) bump(record.codes, code);
    if (outcome.capacityFailure) record.capacityFailures += 1;
    if (outcome.refused) {
      record.refused += 1;
      this.refusalsSeen.push({ ms: exchange.ms, at: this.clock(), retryAfter: exchange.retryAfter });
    }
  }

  summary(stepClass: StepClass): ClassSummary {
    const record = this.classes.get(stepClass)!;
    const latencies = sortedNumbers(record.latencies);
    return {
      count: latencies.length,
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
      ok: record.outcomes.get('ok') ?? 0,
      outcomes: Object.fromEntries(record.outcomes),
      codes: Object.fromEntries(record.codes),
      refused: record.refused,
      capacityFailures: record.capacityFailures,
    };
  }

  /** Every operation recorded: how many, p50 and p99 ms, most asked first. */
  operations(): Array<{ name: string; count: number; p50Ms: number; p99Ms: number }> {
    return [...this.operationLatencies]
      .map(([name, latencies]) => {
        const sorted = sortedNumbers(latencies);
        return { name, count: sorted.length, p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99) };
      })
      .sort((a, b) => b.count - a.count);
  }

  /** All refusals (HTTP 429/503) of every class: how many, how many lacked Retry-After, and how fast they came. */
  refusals(): { count: number; withoutRetryAfter: number; p50Ms: number; p99Ms: number } {
    return { ...this.refusalsFrom(-Infinity), withoutRetryAfter: this.refusalsSeen.filter(({ retryAfter }) => !retryAfter).length };
  }

  /** The refusals answered at `from` (the clock's ms) or later: how many, and p50 and p99 ms. */
  refusalsFrom(from: number): { count: number; p50Ms: number; p99Ms: number } {
    const latencies = sortedNumbers(this.refusalsSeen.filter(({ at }) => at >= from).map(({ ms }) => ms));
    return { count: latencies.length, p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99) };
  }

  total(): number {
    return stepClasses.reduce((sum, name) => sum + this.classes.get(name)!.latencies.length, 0);
  }
}
