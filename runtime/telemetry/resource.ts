import { defaultResource, detectResources, envDetector, hostDetector, processDetector, resourceFromAttributes, type Resource } from '@opentelemetry/resources';

/**
 * Who the spans are from: `service.name` is the service's own name unless OTEL_SERVICE_NAME (or
 * OTEL_RESOURCE_ATTRIBUTES) says otherwise; plus the host and process.
 */
export function tracingResource(serviceName: string): Resource {
  return defaultResource()
    .merge(resourceFromAttributes({ 'service.name': serviceName, 'service.namespace': 'flores-victoria' }))
    .merge(detectResources({ detectors: [processDetector, hostDetector, envDetector] }));
}
