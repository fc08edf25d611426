// Config for the Prisma CLI run on this service's schema: `prisma <command> --config prisma/orders/prisma.config.ts`.
import { defineConfig } from 'prisma/config';

import { serviceDatabaseUrl } from '../service-database-url';

export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: serviceDatabaseUrl('orders') },
});
