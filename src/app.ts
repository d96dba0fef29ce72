import { swaggerUI } from '@hono/swagger-ui';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { paths } from './config.ts';
import type { AppEnv } from './http/context.ts';
import type { AppContext } from './http/context.ts';
import { AppError, translateDatabaseError, validationError } from './http/errors.ts';
import { createRouter } from './http/openapi.ts';
import { sessionMiddleware } from './modules/access/access.middleware.ts';
import { accessRoutes } from './modules/access/access.routes.ts';
import { reportsRoutes } from './modules/reports/reports.routes.ts';
import { campaignsRoutes } from './modules/campaigns/campaigns.routes.ts';
import { dedupRoutes } from './modules/dedup/dedup.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { fieldRoutes } from './modules/field/field.routes.ts';
import { jobsRoutes } from './modules/jobs/jobs.routes.ts';
import { importsRoutes } from './modules/imports/imports.routes.ts';
import { ledgerRoutes } from './modules/ledger/ledger.routes.ts';
import { openDataRoutes } from './modules/opendata/opendata.routes.ts';
import { partnersRoutes } from './modules/partners/partners.routes.ts';
import { programsRoutes } from './modules/programs/programs.routes.ts';
import { regionsRoutes } from './modules/regions/regions.routes.ts';
import { registryRoutes } from './modules/registry/registry.routes.ts';
import { plansRoutes } from './modules/plans/plans.routes.ts';
import { priorityRoutes } from './modules/priority/priority.routes.ts';
import { requestsRoutes } from './modules/requests/requests.routes.ts';
import { indicatorsRoutes } from './modules/indicators/indicators.routes.ts';
import { targetingRoutes } from './modules/targeting/targeting.routes.ts';
import { targetingExtraRoutes } from './modules/targeting/targeting.extra.routes.ts';
import { welfareRoutes } from './modules/welfare/welfare.routes.ts';
import { interopExportRoutes } from './modules/interop/interop.export.routes.ts';
import { interopRoutes } from './modules/interop/interop.routes.ts';
import { apiClientsRoutes } from './modules/interop/interop.clients.routes.ts';

/** Builds the HTTP application: API under /api/v1, OpenAPI 3.1 document and docs page, health, and the web app. */
export function createApp(ctx: AppContext) {
  const app = createRouter();

  app.use('*', async (c, next) => {
    c.set('ctx', ctx);
    c.set('user', null);
    await next();
  });

  app.onError((error, c) => {
    const appError =
      error instanceof AppError ? error : (fromHttpException(error) ?? translateDatabaseError(error));
    if (appError) return c.json(appError.toBody(), appError.status as 400);
    ctx.logger.error({ err: error, path: c.req.path }, 'unhandled error');
    return c.json({ error: { code: 'INTERNAL', message: 'Internal error.' } }, 500);
  });

  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? c.json({ error: { code: 'NOT_FOUND', message: `No route ${c.req.method} ${c.req.path}.` } }, 404)
      : serveIndex(c),
  );

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/ready', async (c) => {
    await ctx.database.db.execute('select 1');
    return c.json({ status: 'ready' });
  });

  app.use('/api/v1/*', sessionMiddleware);
  const api = createRouter();
  api.route('/', accessRoutes());
  api.route('/', regionsRoutes());
  api.route('/', registryRoutes());
  api.route('/', welfareRoutes());
  api.route('/', auditRoutes());
  api.route('/', jobsRoutes());
  api.route('/', programsRoutes());
  api.route('/', targetingRoutes());
  api.route('/', ledgerRoutes());
  api.route('/', importsRoutes());
  api.route('/', targetingExtraRoutes());
  api.route('/', fieldRoutes());
  api.route('/', campaignsRoutes());
  api.route('/', dedupRoutes());
  api.route('/', requestsRoutes());
  api.route('/', indicatorsRoutes());
  api.route('/', partnersRoutes());
  api.route('/', plansRoutes());
  api.route('/', reportsRoutes());
  api.route('/', openDataRoutes());
  api.route('/', priorityRoutes());
  api.route('/', interopExportRoutes());
  api.route('/', apiClientsRoutes());
  app.route('/api/v1', api);
  // Machine clients (DCI social registry, change feed): bearer tokens of API clients, no session or CSRF.
  app.route('/api/interop', interopRoutes());

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'tepat_session',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiClientToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'API client token `tpc_<id>_<secret>` from `tepat api-clients create` (interop endpoints)',
  });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Tepat API',
      version: '1',
      description:
        'The socio-economic registry of the Jakarta poverty-reduction coordination team (TKPK). Personal data is scoped to the caller’s role and area, and every read of it is audited.',
    },
    security: [{ session: [] }],
  });
  app.get('/api/docs', swaggerUI({ url: '/api/openapi.json' }));

  // The built web app, when there is one (`npm start` builds it first; API-only tests run without it).
  if (existsSync(paths.webDist))
    app.use('/*', serveStatic({ root: path.relative(process.cwd(), paths.webDist) }));
  return app;
}

/** The SPA shell for client-side routes; read on each request so a rebuilt app is served without a restart. */
function serveIndex(c: Context<AppEnv>) {
  const file = path.join(paths.webDist, 'index.html');
  return existsSync(file)
    ? c.html(readFileSync(file, 'utf8'))
    : c.html('<p>Tepat web app is not built. Run <code>npm run build</code>.</p>', 404);
}

/** Hono's own refusals (a body that is not JSON, a body too large) in the one error shape. */
function fromHttpException(error: unknown): AppError | undefined {
  if (!(error instanceof HTTPException)) return undefined;
  if (error.status === 400)
    return validationError([
      { path: 'body', reason: 'malformed', message: error.message || 'The body is not valid JSON.' },
    ]);
  return new AppError(error.status === 413 ? 'VALIDATION_FAILED' : 'INTERNAL', error.message);
}
