import { Gauge, type Registry } from 'prom-client';

type Read = () => Promise<number | undefined>;

const watched = new WeakMap<Registry, Map<string, Map<string, Read>>>();

/**
 * A gauge read at scrape time from the things that know its value (a queue's depth from the broker, an
 * outbox's backlog from its table), one series per watched label value. Several parts of one service can
 * watch the same gauge (the catalog has two queues); `watch` returns the function that stops watching.
 * A read that fails leaves its series out of that scrape rather than reporting a stale number.
 */
export function observedGauge(registry: Registry, name: string, help: string, labelName: string) {
  let byName = watched.get(registry);
  if (!byName) watched.set(registry, (byName = new Map<string, Map<string, Read>>()));
  let reads = byName.get(name);
  if (!reads) {
    const sources = (reads = new Map<string, Read>());
    byName.set(name, sources);
    new Gauge({
      name,
      help,
      labelNames: [labelName],
      registers: [registry],
      async collect() {
        this.reset();
        await Promise.all(
          [...sources].map(async ([label, read]) => {
            const value = await read().catch(() => undefined);
            if (value !== undefined) this.set({ [labelName]: label }, value);
          }),
        );
      },
    });
  }
  const sources = reads;
  return {
    watch(label: string, read: Read): () => void {
      sources.set(label, read);
      return () => {
        if (sources.get(label) === read) sources.delete(label);
      };
    },
  };
}
