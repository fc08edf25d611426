import type { Request, Response } from 'express';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from './logger';

/** A named probe of something the service needs (a store, a broker); resolves when it answers. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<unknown>;
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/** Alive: the process serves HTTP. Says nothing about its stores, so orchestrators don't restart it for a database outage. */
export function livenessHandler(_req: Request, res: Response): void {
  res.json({ status: 'ok' });
}

/** Each check's outcome: `ok`, or the error (timed out after CHECK_TIMEOUT_MS at the latest). */
export async function runReadinessChecks(checks: ReadinessCheck[]): Promise<Array<readonly [string, { ok: true } | { ok: false; error: unknown }]>> {
  return Promise.all(
    checks.map(async ({ name, check }) => {
      try {
        await withTimeout(Promise.resolve().then(check), CHECK_TIMEOUT_MS);
        return [name, { ok: true }] as const;
      } catch (error) {
        return [name, { ok: false, error }] as const;
      }
    }),
  );
}

/**
 * Ready: every store answered within the timeout; 503 with each failing check otherwise. Given `quietTo` (in
 * production), a failure is logged there and answered as just "failed": its error names hosts and ports.
 */
export function readinessHandler(checks: ReadinessCheck[], isDraining: () => boolean, quietTo?: Logger) {
  return async (_req: Request, res: Response): Promise<void> => {
    if (isDraining()) {
      res.status(503).json({ status: 'draining', checks: {} });
      return;
    }
    const results = (await runReadinessChecks(checks)).map(([name, outcome]) => {
      if (outcome.ok) return [name, 'ok'] as const;
      if (!quietTo) return [name, `failed: ${(outcome.error as Error).message}`] as const;
      quietTo.warn({ err: outcome.error, check: name }, 'readiness check failed');
      return [name, 'failed'] as const;
    });
    const ready = results.every(([, status]) => status === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable', checks: Object.fromEntries(results) });
  };
}

/**
 * `service_ready`: 1 when /readyz would answer 200 at this scrape, 0 when it would answer 503 (a check failed, or
 * the service is draining). The checks run at scrape time, so an alert needs nobody else to probe /readyz.
 */
export function readinessGauge(registry: Registry, checks: ReadinessCheck[], isDraining: () => boolean): Gauge {
  return new Gauge({
    name: 'service_ready',
    help: 'Whether the service is ready (1) or /readyz answers 503 (0): a store it needs does not answer, or it is draining',
    registers: [registry],
    async collect() {
      this.set(!isDraining() && (await runReadinessChecks(checks)).every(([, outcome]) => outcome.ok) ? 1 : 0);
    },
  });
}
