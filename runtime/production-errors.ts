import type { GraphQLFormattedError } from 'graphql';

/**
 * Extensions that only ever carry debugging details or internal addresses, whoever set them: a stack trace (a
 * development subgraph's, which the gateway passes on as it is), Apollo Server 3's `exception`, and the
 * gateway's record of a failed subgraph call (`response`: the subgraph's URL, status and body).
 */
const INTERNAL_EXTENSIONS = ['stacktrace', 'exception', 'response'];

/**
 * Codes that promise nothing about their message: a bug or a driver's error (its message may hold SQL, an ORM
 * invocation, a host and port), or a subgraph's error without a code of its own, which the gateway labels.
 */
const UNTYPED_CODES = new Set<unknown>([undefined, null, 'INTERNAL_SERVER_ERROR', 'DOWNSTREAM_SERVICE_ERROR']);

// graphql-js ends a message with its suggestions (` Did you mean "products"?`, `… the enum value "NAME"?`): with
// introspection off they would still let anyone rebuild the schema, a guess at a time.
const SUGGESTION = / ?Did you mean .+\?$/s;

export const withoutSuggestions = (message: string): string => message.replace(SUGGESTION, '');

/**
 * An error as a production answer gives it: a typed error (a stable `extensions.code`) keeps its message, less
 * any suggestion, and its extensions, less the internal ones; anything else is a bare internal error (naming the
 * subgraph it came from, when the router knows it). The router formats subgraph errors this way again, so a
 * subgraph running with development settings still tells clients nothing.
 */
export function productionError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions ?? {};
  if (UNTYPED_CODES.has(extensions.code)) {
    const serviceName = typeof extensions.serviceName === 'string' ? { serviceName: extensions.serviceName } : {};
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...serviceName },
    };
  }
  const message = withoutSuggestions(formatted.message);
  const internal = INTERNAL_EXTENSIONS.filter((key) => key in extensions);
  if (message === formatted.message && internal.length === 0) return formatted;
  return { ...formatted, message, extensions: Object.fromEntries(Object.entries(extensions).filter(([key]) => !internal.includes(key))) };
}
