import { DomainError } from './domain-error';

type Unavailable = { service: string; message?: string } | { service?: undefined; message: string };

/**
 * SERVICE_UNAVAILABLE: a service this one needs did not answer, so nothing was changed; `service` names it when
 * known; the message says what could not be done (by default, that the service did not answer).
 */
export const serviceUnavailable = ({ service, message = `The ${service} service did not answer; try again shortly` }: Unavailable) =>
  new DomainError('SERVICE_UNAVAILABLE', message, service === undefined ? {} : { service });

/** SUBGRAPH_UNAVAILABLE: the router got no answer from a subgraph; its fields are null. */
export const subgraphUnavailable = (subgraph: string, reason: string) =>
  new DomainError('SUBGRAPH_UNAVAILABLE', `Subgraph "${subgraph}" is unavailable: ${reason}`, { serviceName: subgraph });

/** INTERNAL_SERVER_ERROR for a failure whose details stay in the logs. */
export const internalError = (message = 'Internal server error') => new DomainError('INTERNAL_SERVER_ERROR', message);
