import { join } from 'node:path';
import { renderAlertmanagerConfig, renderPrometheusConfig, writeAlertmanagerDir, writePrometheusDir, type TargetAddress } from './monitoring-config';

// Called by scripts/ops.sh: the compose configurations of Prometheus and Alertmanager, for this machine, in
// <state>/prometheus/ and <state>/alertmanager/. Every target is on 127.0.0.1 on its compose port (`npm start` puts
// the metrics of the router and subgraphs on 9000-9008, as in compose) unless ops.sh runs a part on another port.
//   node dist/scripts/monitoring/render-local.js <state dir>

/** The compose host of each part ops.sh may move, and the variable that says its port here. */
const PORT_VARIABLES: Record<string, string> = {
  prometheus: 'PROMETHEUS_PORT',
  alertmanager: 'ALERTMANAGER_PORT',
  'postgres-exporter': 'POSTGRES_EXPORTER_PORT',
  'redis-exporter': 'REDIS_EXPORTER_PORT',
  'mongodb-exporter': 'MONGODB_EXPORTER_PORT',
  'node-exporter': 'NODE_EXPORTER_PORT',
  rabbitmq: 'RABBITMQ_METRICS_PORT',
};

export const localAddress =
  (env: NodeJS.ProcessEnv): TargetAddress =>
  (target) => {
    const [host, port] = target.split(':');
    const variable = PORT_VARIABLES[host];
    return `127.0.0.1:${(variable && env[variable]) || port}`;
  };

function main(): void {
  const state = process.argv[2];
  if (!state) throw new Error('usage: render-local.js <state dir>');
  const prometheus = writePrometheusDir(join(state, 'prometheus'), renderPrometheusConfig({ address: localAddress(process.env) }));
  const alertmanager = writeAlertmanagerDir(
    join(state, 'alertmanager'),
    renderAlertmanagerConfig({ smarthost: process.env.ALERT_SMTP_SMARTHOST ?? '127.0.0.1:1025', to: process.env.ALERT_EMAIL_TO || undefined }),
  );
  console.log(`${prometheus}\n${alertmanager}`);
}

if (require.main === module) main();
