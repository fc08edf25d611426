import { z } from 'zod';
import { isUuid, MAX_ID_LENGTH } from '../../validation';

// Field shapes more than one contract uses.

/** An entity id of another service: opaque, not blank, bounded (keeps junk out of stores and indexes). */
export const entityId = z
  .string()
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .refine((value) => value.trim().length > 0, 'must not be blank');

export const uuid = z.string().refine(isUuid, 'must be a UUID');

/** A catalog product or category id: a MongoDB ObjectId in hex. */
export const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be an ObjectId in hex');

/** An ISO 8601 time. */
export const isoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 time');

/** The router's cache tags a change made stale (`catalog:Product:<id>:stock`...; see runtime/graphql/cache-tags.ts). */
export const cacheTags = z.array(z.string());
