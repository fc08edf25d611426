import type { RequestHandler } from 'express';
import { inputTooDeep } from './errors';
import { RequestRefusal } from './http-errors';

/**
 * How deeply a request's JSON may nest (a POST's whole body, batch included; a GET's `variables` and `extensions`).
 * The deepest input of this API (an entity fetch's representations in a batch) is well under half of it; a value
 * thousands of levels deep is only ever an attack on whatever walks it recursively (JSON.stringify of a cache key,
 * variable coercion), which would overflow the stack and answer 500.
 */
export const MAX_INPUT_DEPTH = 32;

/**
 * How deeply `value` nests arrays and objects (a scalar is 0, `[]` is 1), counted without recursion and given up
 * once past `limit` (the answer is then `limit + 1`): a hostile value costs no more than a legitimate one.
 */
export function depthOf(value: unknown, limit = MAX_INPUT_DEPTH): number {
  let deepest = 0;
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > limit) return limit + 1;
    deepest = Math.max(deepest, depth);
    for (const item of Array.isArray(next.value) ? next.value : Object.values(next.value)) {
      if (typeof item === 'object' && item !== null) pending.push({ value: item, depth });
    }
  }
  return deepest;
}

/** How deeply a JSON text nests, read without parsing it (brackets inside strings do not count); past `limit`: `limit + 1`. */
export function textDepthOf(text: string, limit = MAX_INPUT_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charCodeAt(index);
    if (inString) {
      if (character === BACKSLASH) index += 1;
      else if (character === QUOTE) inString = false;
    } else if (character === QUOTE) inString = true;
    else if (character === OPEN_BRACKET || character === OPEN_BRACE) {
      depth += 1;
      if (depth > limit) return limit + 1;
      deepest = Math.max(deepest, depth);
    } else if (character === CLOSE_BRACKET || character === CLOSE_BRACE) depth -= 1;
  }
  return deepest;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Refuses a /graphql request whose JSON nests deeper than MAX_INPUT_DEPTH, before Apollo or any cache reads it:
 * a POST's parsed body (one operation or a batch), or a GET's `variables` and `extensions` texts. The refusal
 * goes to the service's error handling (runtime/http-errors.ts), which answers it.
 */
export const inputDepthLimit: RequestHandler = (req, _res, next) => {
  const tooDeep =
    req.method === 'GET'
      ? [req.query.variables, req.query.extensions].some((text) => typeof text === 'string' && textDepthOf(text) > MAX_INPUT_DEPTH)
      : depthOf(req.body) > MAX_INPUT_DEPTH;
  next(tooDeep ? new RequestRefusal(inputTooDeep(MAX_INPUT_DEPTH)) : undefined);
};
