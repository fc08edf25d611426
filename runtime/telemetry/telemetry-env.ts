import { z } from 'zod';
import { loadConfig, runtimeEnv, unlessBlank } from '../config';

const endpoint = unlessBlank(z.url({ protocol: /^https?$/ }));
// gRPC is left out: only the OTLP/HTTP exporters are installed.
const protocol = unlessBlank(z.enum(['http/protobuf', 'http/json']));

/**
 * The standard OpenTelemetry variables this project decides on (runtime/telemetry/register.ts): tracing is on
 * only with an endpoint and without OTEL_SDK_DISABLED=true. The SDK itself reads the others it knows
 * (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_EXPORTER_OTLP_HEADERS, OTEL_BSP_*…); these are checked
 * here so a typo stops the service at start instead of being ignored.
 */
export const telemetryEnv = {
  OTEL_SDK_DISABLED: unlessBlank(
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['true', 'false'])),
  ),
  /** The collector's base URL (the traces go to <it>/v1/traces), e.g. http://jaeger:4318. */
  OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
  /** The full URL for traces; wins over the former. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint,
  OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocol,
  OTEL_TRACES_SAMPLER: unlessBlank(
    z.enum(['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio']),
  ),
  /** The ratio of the *traceidratio samplers, 0 to 1. */
  OTEL_TRACES_SAMPLER_ARG: unlessBlank(z.coerce.number().min(0).max(1)),
};

export interface TracingSettings {
  /** Where the spans go. */
  endpoint: string;
  protocol: 'http/protobuf' | 'http/json';
  /** The service's LOG_LEVEL, for what the SDK reports (export failures). */
  logLevel: string;
}

/**
 * Whether this process traces, and how: undefined unless an OTLP endpoint is configured (and the SDK is not
 * disabled). Throws ConfigError on a bad value, as the service's own configuration check would.
 */
export function tracingSettings(env: Record<string, string | undefined>): TracingSettings | undefined {
  const config = loadConfig({ LOG_LEVEL: runtimeEnv.LOG_LEVEL, ...telemetryEnv }, env);
  if (config.OTEL_SDK_DISABLED === 'true') return undefined;
  const endpoint =
    config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (config.OTEL_EXPORTER_OTLP_ENDPOINT && `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces`);
  if (!endpoint) return undefined;
  return {
    endpoint,
    protocol: config.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? config.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf',
    logLevel: config.LOG_LEVEL,
  };
}
