import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Stops and starts the real RabbitMQ's broker application (the Erlang node stays up, so `rabbitmqctl` can
 * start it again): AMQP connections drop and new ones are refused until it is back. Queues and their
 * persistent messages survive, as in a broker restart.
 */
export async function stopBroker(): Promise<void> {
  await run('rabbitmqctl', ['-q', 'stop_app'], { timeout: 60_000 });
}

export async function startBroker(): Promise<void> {
  await run('rabbitmqctl', ['-q', 'start_app'], { timeout: 60_000 });
  await run('rabbitmqctl', ['-q', 'await_startup'], { timeout: 60_000 });
}
