// Kept apart from the SDK: the shutdown path imports this whether or not tracing is on.
let flush: (() => Promise<void>) | undefined;

/** What ends tracing (export the spans still buffered); set once tracing has started. */
export function onTracingShutdown(shutdown: () => Promise<void>): void {
  flush = shutdown;
}

/** Exports the buffered spans before the process exits; waits at most `timeoutMs` (a collector may be down). */
export async function shutdownTracing(timeoutMs = 5_000): Promise<void> {
  const pending = flush;
  if (!pending) return;
  flush = undefined;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    pending().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}
