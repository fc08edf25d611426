import type { Logger } from './logger';
import { formatError } from './errors';
import { codingClientRefusals } from './request-error-code';

/**
 * Options every Apollo server here shares: it shows everything while developing and nothing internal in
 * production (no stack traces, suggestions or internal messages: runtime/production-errors.ts), logs through
 * our JSON logger, and leaves SIGTERM to our shutdown, which also closes stores (Apollo's own handler would
 * re-raise the signal and kill the process before that).
 */
export function apolloOptions(production: boolean, logger: Logger) {
  return {
    introspection: !production,
    // Apollo's default, stated: a GET or a "simple" POST (no preflight) needs a JSON content type or an
    // x-apollo-operation-name / apollo-require-preflight header, so a browser cannot be tricked into one.
    csrfPrevention: true,
    includeStacktraceInErrorResponses: !production,
    // With introspection off, "Did you mean …" in validation errors would still spell the schema out, a guess at a
    // time (Apollo strips them from validation errors; formatError from the rest, e.g. variables' values).
    hideSchemaDetailsFromClientErrors: production,
    formatError: codingClientRefusals(formatError(production)),
    stopOnTerminationSignals: false,
    logger,
  };
}
