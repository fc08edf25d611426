import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { TracingSettings } from './telemetry-env';

/**
 * The OTLP/HTTP exporter for the configured protocol. Both read the rest from the standard variables:
 * endpoint, OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, _COMPRESSION, certificates.
 */
export function traceExporter(protocol: TracingSettings['protocol']): JsonTraceExporter | ProtobufTraceExporter {
  return protocol === 'http/json' ? new JsonTraceExporter() : new ProtobufTraceExporter();
}
