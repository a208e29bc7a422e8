import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { openContext } from './runtime.ts';

/**
 * Runs the server until SIGTERM or SIGINT, then stops accepting connections, lets requests in
 * flight finish (up to `graceMs`), and closes the database cleanly (PGlite flushes its files).
 */
export async function serve(config: Config, graceMs = 10_000): Promise<FastifyInstance> {
  const ctx = await openContext(config);
  const app = await buildApp(ctx);
  app.addHook('onClose', async () => {
    await ctx.db.close();
  });
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ db: ctx.db.kind, version: ctx.version }, 'Fieldlab is running');
  // Names of columns and counts only (db/seal-steps.ts).
  if (ctx.sealed.length) app.log.info({ sealed: ctx.sealed }, 'rows kept in clear before this version are now sealed');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping: finishing requests in flight');
    const timer = setTimeout(() => {
      app.log.error('requests did not finish in time; exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    // Answers given while stopping close their connection (app.ts); this also closes any connection
    // left idle and kept alive, such as one whose answer was already on its way at the signal.
    const reaper = setInterval(() => app.server.closeIdleConnections(), 250);
    reaper.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return app;
}
