import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RouteModule } from './routes.js';

const health = z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), time: z.string() });

export const healthRoutes: RouteModule = (app, { platform, now }) => {
  app.get('/health', {
    config: { public: true },
    schema: { tags: ['system'], summary: 'Liveness and database check', response: { 200: health } },
  }, async () => {
    await platform.database.db.execute(sql`select 1`);
    return { status: 'ok' as const, database: platform.database.driver, time: now().toISOString() };
  });
};
