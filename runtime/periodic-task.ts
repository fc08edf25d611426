import { cancellableDelay } from './events/backoff';

export interface PeriodicTaskOptions {
  /** Between the end of one run and the start of the next. */
  intervalMs: number;
  /** The first run comes after a random wait up to this, so replicas started together spread out. */
  firstWithinMs: number;
  /** A failed run is reported here; the next one tries again. */
  onError: (error: unknown) => void;
}

export interface PeriodicTask {
  /** Whether stop() was called: a long run checks it between its batches. */
  readonly stopped: boolean;
  /** No run starts after this; resolves once the run under way (if any) is over. */
  stop(): Promise<void>;
}

/** Runs `run` over and over, `intervalMs` apart, until stopped: the shape of every sweeper of the services. */
export function startPeriodicTask(run: () => Promise<unknown>, options: PeriodicTaskOptions): PeriodicTask {
  let stopped = false;
  let pause: ReturnType<typeof cancellableDelay> | null = null;
  const loop = async () => {
    let wait = Math.round(Math.random() * Math.min(options.intervalMs, options.firstWithinMs));
    while (!stopped) {
      pause = cancellableDelay(wait);
      await pause.done;
      pause = null;
      if (stopped) break;
      await run().catch(options.onError);
      wait = options.intervalMs;
    }
  };
  const running = loop();
  return {
    get stopped() {
      return stopped;
    },
    async stop() {
      stopped = true;
      pause?.cancel();
      await running;
    },
  };
}
