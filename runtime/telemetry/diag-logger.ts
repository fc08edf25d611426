import type { DiagLogger } from '@opentelemetry/api';
import type { Logger } from '../logger';

/** What the OpenTelemetry SDK reports about itself (an export that failed…), as the service's JSON logs. */
export function diagLogger(logger: Logger): DiagLogger {
  const log =
    (level: 'error' | 'warn' | 'info' | 'debug' | 'trace') =>
    (message: string, ...args: unknown[]) =>
      logger[level](args.length ? { details: args.map(String) } : {}, message);
  return { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug'), verbose: log('trace') };
}
