import { diag, DiagLogLevel } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { createLogger } from '../logger';
import { diagLogger } from './diag-logger';
import { traceExporter } from './exporter';
import { instrumentations } from './instrumentations';
import { tracingResource } from './resource';
import type { TracingSettings } from './telemetry-env';

/**
 * Starts tracing for this process: a tracer provider registered globally (so @apollo/gateway's own spans
 * are recorded too), W3C trace context and baggage propagation, the instrumentations, and a batching OTLP
 * exporter. The sampler comes from OTEL_TRACES_SAMPLER / _ARG, the batching from OTEL_BSP_*.
 * Returns what flushes and stops it.
 */
export function startTracing(settings: TracingSettings, serviceName: string): () => Promise<void> {
  const logger = createLogger(serviceName, settings.logLevel).child({ component: 'tracing' });
  diag.setLogger(diagLogger(logger), DiagLogLevel.WARN);
  const provider = new NodeTracerProvider({
    resource: tracingResource(serviceName),
    spanProcessors: [new BatchSpanProcessor(traceExporter(settings.protocol))],
  });
  provider.register();
  registerInstrumentations({ tracerProvider: provider, instrumentations: instrumentations() });
  logger.info({ endpoint: settings.endpoint, protocol: settings.protocol }, 'tracing on');
  return () => provider.shutdown();
}
