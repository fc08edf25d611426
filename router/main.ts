import '../runtime/telemetry/register'; // first: tracing must hook http, undici and the store clients before they load
import { stopOnSignals } from '../runtime/http-service';
import { createLogger } from '../runtime/logger';
import { startRouter } from './router';

const logger = createLogger('router');
startRouter().then(
  (router) => stopOnSignals(router, logger),
  (error: Error) => {
    logger.fatal({ err: error }, error.message);
    process.exit(1);
  },
);
