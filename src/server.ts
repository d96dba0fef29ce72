import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import type { AppContext } from './http/context.ts';

/** Starts the HTTP server; resolves with its address once listening. */
export function startServer(ctx: AppContext): Promise<{ url: string; close: () => Promise<void> }> {
  const app = createApp(ctx);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: ctx.config.port, hostname: ctx.config.host }, (info) => {
      const host = ctx.config.host === '0.0.0.0' ? 'localhost' : ctx.config.host;
      resolve({
        url: `http://${host}:${info.port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
