import type { Request, Response } from 'express';
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
    const results = await Promise.all(
      checks.map(async ({ name, check }) => {
        try {
          await withTimeout(Promise.resolve().then(check), CHECK_TIMEOUT_MS);
          return [name, 'ok'] as const;
        } catch (error) {
          if (!quietTo) return [name, `failed: ${(error as Error).message}`] as const;
          quietTo.warn({ err: error, check: name }, 'readiness check failed');
          return [name, 'failed'] as const;
        }
      }),
    );
    const ready = results.every(([, status]) => status === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable', checks: Object.fromEntries(results) });
  };
}
