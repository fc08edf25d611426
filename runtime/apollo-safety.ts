import { formatError } from './errors';

/** What a server shows of itself: everything while developing, nothing internal in production. */
export function apolloSafety(production: boolean) {
  return {
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    formatError: formatError(production),
  };
}
