import { spawnService } from './service-process';

export interface RouterProcess {
  url: string;
  /** Its /metrics, on its metrics port. */
  metricsUrl: string;
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>;
}

/** Spawns `node dist/router/main.js` on a free port with this environment; resolves once it listens. */
export async function spawnRouter(env: Record<string, string>): Promise<RouterProcess> {
  const { url, metricsUrl, stop } = await spawnService('router/main.js', 'router listening', env);
  return { url, metricsUrl, stop };
}
