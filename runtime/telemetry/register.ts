// Imported first by every service's main, before http, undici, pg, ioredis, mongodb or amqplib are loaded,
// so the instrumentation can hook them. Without an OTLP endpoint nothing more is loaded and nothing is
// registered: the @opentelemetry/api calls @apollo/gateway makes stay no-ops.
import { serviceNameOf } from './service-name';
import { onTracingShutdown } from './shutdown';
import { tracingSettings, type TracingSettings } from './telemetry-env';

function settingsOrNothing(): TracingSettings | undefined {
  try {
    return tracingSettings(process.env);
  } catch {
    // A bad value: the service's own configuration check (which includes telemetryEnv) names it and exits.
    return undefined;
  }
}

const settings = settingsOrNothing();
if (settings) {
  // Required only now: the SDK is never loaded while tracing is off.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require keeps the SDK unloaded while tracing is off
  const { startTracing } = require('./start') as typeof import('./start');
  onTracingShutdown(startTracing(settings, serviceNameOf(require.main?.filename)));
}
