import type { GraphQLFormattedError } from 'graphql';
import { productionError } from '../production-errors';

// One module per kind of error; every code, its extensions and its meaning are listed once, in ./codes.ts.
export { ERROR_CODES, type ErrorCode, type ErrorExtensions } from './codes';
export { DomainError, isDomainError, publicExtensions, type ExtensionsOf } from './domain-error';
export { invalidTransition, type Transition } from './invalid-transition';
export { retryAfterSeconds, routerBusy, subgraphBusy, tooManyAttempts } from './retry-later';
export {
  batchTooLarge,
  documentTooLarge,
  inputTooDeep,
  payloadTooLarge,
  queryTooCostly,
  queryTooDeep,
  resumeWindowExceeded,
  tooManyAliases,
  tooManySelections,
  tooManySubscriptions,
} from './limits';
export { internalError, serviceUnavailable, subgraphUnavailable } from './availability';
export { notFound, outOfStock } from './lookups';

/**
 * In production, anything that is not a typed error (a driver error, a bug) is reported as a bare internal
 * error, since its message could carry SQL, hostnames or stack details; typed ones lose suggestions and
 * debugging extensions (runtime/production-errors.ts). Outside production everything is shown.
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, _error: unknown): GraphQLFormattedError => (production ? productionError(formatted) : formatted);
}
