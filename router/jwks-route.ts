import type { Request, Response } from 'express';
import type { Logger } from '../runtime/logger';

const CACHE_MS = 60_000;

/**
 * Republishes the auth service's public keys at the router's own address, so clients and other services
 * need to know only the router. Cached briefly; a failed fetch keeps serving the last good copy.
 */
export function jwksRoute(jwksUrl: string, logger: Logger) {
  let cached: { body: string; fetchedAt: number } | undefined;
  return async (_req: Request, res: Response): Promise<void> => {
    if (!cached || Date.now() - cached.fetchedAt > CACHE_MS) {
      try {
        const response = await fetch(jwksUrl, { signal: AbortSignal.timeout(5_000) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        cached = { body: JSON.stringify(await response.json()), fetchedAt: Date.now() };
      } catch (error) {
        logger.warn({ err: error, jwksUrl }, 'could not fetch the JWKS');
      }
    }
    if (!cached) {
      res.status(503).json({ error: 'keys unavailable' });
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'public, max-age=60');
    res.end(cached.body);
  };
}
