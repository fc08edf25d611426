import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const REQUEST_ID_HEADER = 'x-request-id';

// Accept an incoming id only when it looks like one, so logs cannot be stuffed through it.
const ACCEPTABLE = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFrom(value: unknown): string {
  return typeof value === 'string' && ACCEPTABLE.test(value) ? value : randomUUID();
}

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
  }
}

/** Reuses the caller's request id (the router's, for subgraphs) or makes one, and echoes it back. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  // A fast path before Express may have named the request already (runtime/http-service.ts).
  req.requestId ??= requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  res.setHeader(REQUEST_ID_HEADER, req.requestId);
  next();
}
