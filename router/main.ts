import '../runtime/telemetry/register'; // first: tracing must hook http, undici and the store clients before they load
import { getPriority } from 'node:os';
import { loadConfig } from '../runtime/config';
import { stopOnSignals } from '../runtime/http-service';
import { createLogger } from '../runtime/logger';
import { setCpuPriority } from '../runtime/process-priority';
import { routerProcessEnv } from './config';
import { startRouter } from './router';

const logger = createLogger('router');

/** Gives this process the router's CPU priority when one is set (ROUTER_NICE); where it may not, says so and runs on as it is. */
function takeCpuPriority(): void {
  const { ROUTER_NICE: nice } = loadConfig(routerProcessEnv);
  if (nice === undefined || getPriority() === nice) return;
  const outcome = setCpuPriority(process.pid, nice);
  if (outcome.applied) logger.info({ nice }, 'CPU priority set');
  else logger.info({ nice, reason: outcome.reason, running: getPriority() }, 'CPU priority not set (raising it needs CAP_SYS_NICE)');
}

async function main() {
  takeCpuPriority();
  return startRouter();
}

main().then(
  (router) => stopOnSignals(router, logger),
  (error: Error) => {
    logger.fatal({ err: error }, error.message);
    process.exit(1);
  },
);
