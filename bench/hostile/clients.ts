// The clients of the hostile benchmark: a customer whose latency is measured, hostile senders, and a sender of
// distinct operations. Each hostile or anonymous sender comes from an address of its own (X-Forwarded-For through
// one trusted proxy), as they would from the internet.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { quantile } from '../shared/quantile';

// Addresses of this run's own (Redis keeps each address's budget for a minute, and runs may follow each other).
const RUN = Math.floor(Math.random() * 250);

export interface Answers {
  sent: number;
  byStatus: Map<number, number>;
}

const count = (answers: Answers, status: number) => {
  answers.sent += 1;
  answers.byStatus.set(status, (answers.byStatus.get(status) ?? 0) + 1);
};

async function post(url: string, query: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  await response.arrayBuffer();
  return response.status;
}

/** The customer's latencies (ms) over `seconds`, one request every `intervalMs`, and the p99. */
export async function customerLatency(
  url: string,
  authorization: string,
  query: string,
  seconds: number,
  intervalMs: number,
): Promise<{ p50: number; p99: number; samples: number; failed: number }> {
  const latencies: number[] = [];
  let failed = 0;
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const started = performance.now();
    const status = await post(url, query, { authorization }).catch(() => 0);
    const took = performance.now() - started;
    if (status === 200) latencies.push(took);
    else failed += 1;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - took)));
  }
  latencies.sort((a, b) => a - b);
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), samples: latencies.length, failed };
}

/** `clients` hostile senders, each from its address, sending `document(seq)` back to back until `stop()`. */
export function hostileClients(url: string, clients: number, document: (seq: number) => string): { stop: () => Promise<Answers> } {
  const answers: Answers = { sent: 0, byStatus: new Map() };
  let running = true;
  let seq = 0;
  const senders = Array.from({ length: clients }, async (_, client) => {
    const headers = { 'x-forwarded-for': `198.51.${RUN}.${client + 1}` };
    while (running) count(answers, await post(url, document(seq++), headers).catch(() => 0));
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(senders);
      return answers;
    },
  };
}

/** Sends `total` operations, `document(first + n)`, `concurrency` at a time, each from an address of its own (within any budget). */
export async function sendDistinct(url: string, first: number, total: number, concurrency: number, document: (seq: number) => string): Promise<Answers> {
  const answers: Answers = { sent: 0, byStatus: new Map() };
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const seq = first + next++;
        const headers = { 'x-forwarded-for': `10.${RUN}.${(seq >> 8) & 255}.${seq & 255}` };
        count(answers, await post(url, document(seq), headers).catch(() => 0));
      }
    }),
  );
  return answers;
}

export const describeAnswers = (answers: Answers) =>
  `${answers.sent} sent; by HTTP status ${[...answers.byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status || 'failed'}: ${n}`)
    .join(', ')}`;

/** `hostileClients` in a worker thread (hostile-worker.ts), so the customer is timed on an event loop of its own. */
export function hostileClientsInWorker(url: string, clients: number): { stop: () => Promise<Answers> } {
  const worker = new Worker(join(__dirname, 'hostile-worker.js'), { workerData: { url, clients } });
  return {
    stop: async () => {
      const tally = new Promise<{ sent: number; byStatus: Array<[number, number]> }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      worker.postMessage('stop');
      const { sent, byStatus } = await tally;
      await worker.terminate();
      return { sent, byStatus: new Map(byStatus) };
    },
  };
}
