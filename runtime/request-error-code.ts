import { GraphQLError, type GraphQLFormattedError } from 'graphql';

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * Apollo Server refuses a few requests itself with an HTTP 4xx status but no code: an automatic persisted query
 * whose sha256Hash is not its query's, or one of an unsupported version. Formatted as they are they would read
 * INTERNAL_SERVER_ERROR, telling clients (Apollo's own decide by code whether to retry) that the server failed;
 * they are BAD_REQUEST, Apollo's code for a request it cannot run. Runs before `format`, so production's masking
 * of internal errors sees the client error it is.
 */
export function codingClientRefusals(format: FormatError): FormatError {
  return (formatted, error) => {
    const status = error instanceof GraphQLError ? (error.extensions.http as { status?: unknown } | undefined)?.status : undefined;
    const refused = typeof status === 'number' && status >= 400 && status < 500 && error instanceof GraphQLError && error.extensions.code === undefined;
    return format(refused ? { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } } : formatted, error);
  };
}
