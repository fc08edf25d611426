/** Where the tests' real stores live: databases of their own, so a developer's data is never touched. */
export const testEnv = {
  NODE_ENV: 'test',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/flores_test',
  MONGODB_URL: process.env.TEST_MONGODB_URL ?? 'mongodb://127.0.0.1:27017/flores_test',
  REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/1',
  INTERNAL_SECRET: 'test-only-internal-secret-of-32-characters-or-more',
  // Seals reset tokens between auth and users (runtime/mail/sealed-secret.ts); tests open them with it too.
  MAIL_TOKEN_KEY: 'dGVzdC1vbmx5LW1haWwtdG9rZW4ta2V5LTMyYnl0ZXM=',
  // Mail is sent only by the tests that are about it (they turn it on with a queue of their own): see test/support/mailpit.ts.
  MAIL_ENABLED: 'false',
  SMTP_URL: process.env.TEST_SMTP_URL ?? 'smtp://127.0.0.1:1025',
  RABBITMQ_URL: process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672/flores_test',
  // Metrics on a free port each, as PORT: many services run side by side (each says where: RunningService.metricsUrl).
  METRICS_PORT: '0',
  // A router answers a spent budget's refusal at once in tests (holding it is tested where it is the point).
  ROUTER_REFUSAL_HOLD_MS: '0',
};
