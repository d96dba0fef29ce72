import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { AppContext, SessionUser } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { createRouter, errorResponses } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import { hasPermission } from '../access/access.policy.ts';
import { findJobCreator } from './jobs.repository.ts';
import type { JobRunner, JobState } from './jobs.service.ts';

/** How often a followed job's state is also read from the database (jobs run by another process). */
const pollIntervalMs = 5_000;

const JobParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const JobStateSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    progress: z.number().int(),
    total: z.number().int().nullable(),
    message: z.string().nullable(),
    result: z.unknown(),
    error: z.string().nullable(),
  })
  .openapi('JobState');

const getJob = createRoute({
  method: 'get',
  path: '/jobs/{id}',
  tags: ['jobs'],
  summary: 'A background job’s state (its creator or the secretariat)',
  request: { params: JobParams },
  responses: {
    200: { description: 'The job', content: { 'application/json': { schema: JobStateSchema } } },
    ...errorResponses,
  },
});

const followJob = createRoute({
  method: 'get',
  path: '/jobs/{id}/events',
  tags: ['jobs'],
  summary: 'Server-sent events: one `state` event per change of the job until it ends',
  request: { params: JobParams },
  responses: {
    200: {
      description: 'An event stream; each `state` event carries a JobState as JSON',
      content: { 'text/event-stream': { schema: z.string() } },
    },
    ...errorResponses,
  },
});

/** Refuses (404/403) unless the job exists and the user queued it or may follow any job. */
async function requireJobAccess(ctx: AppContext, user: SessionUser, id: number): Promise<JobState> {
  const [state, creator] = await Promise.all([ctx.jobs.get(id), findJobCreator(ctx.database.db, id)]);
  if (!state || !creator) throw notFound('Job');
  if (creator.createdBy !== user.id && !hasPermission(user, 'jobs.read_any'))
    throw new AppError('FORBIDDEN', 'Only the user who started this job can follow it.');
  return state;
}

const isFinished = (state: JobState) => state.status === 'succeeded' || state.status === 'failed';

/**
 * Writes the job's state, then every change, until the job ends or the client goes away. Changes come from the
 * runner's events; the database is polled too, and the poll doubles as a keep-alive for proxies.
 */
async function streamJobStates(stream: SSEStreamingApi, jobs: JobRunner, first: JobState) {
  const pending: JobState[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = jobs.subscribe(first.id, (state) => {
    pending.push(state);
    wake?.();
  });
  stream.onAbort(() => wake?.());
  let sent = 0;
  const send = (state: JobState) =>
    stream.writeSSE({ event: 'state', id: String(++sent), data: JSON.stringify(state) });
  try {
    let last = (await jobs.get(first.id)) ?? first;
    await send(last);
    while (!isFinished(last) && !stream.aborted) {
      if (pending.length === 0 && (await waitForWake((w) => (wake = w)))) {
        const polled = await jobs.get(first.id);
        if (polled && (polled.status !== last.status || polled.progress > last.progress))
          pending.push(polled);
        else await stream.write(': keep-alive\n\n');
      }
      const next = pending.shift();
      if (next) await send((last = next));
    }
  } finally {
    unsubscribe();
  }
}

/** Resolves false when woken, true after the poll interval. */
function waitForWake(setWake: (wake: () => void) => void): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), pollIntervalMs);
    setWake(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** Routes of the jobs module (mounted under /api/v1). */
export function jobsRoutes() {
  const router = createRouter();

  router.openapi(getJob, async (c) => {
    const state = await requireJobAccess(c.get('ctx'), requireUser(c), c.req.valid('param').id);
    return c.json(state, 200);
  });

  router.openapi(followJob, async (c) => {
    const ctx = c.get('ctx');
    const state = await requireJobAccess(ctx, requireUser(c), c.req.valid('param').id);
    return streamSSE(c, (stream) => streamJobStates(stream, ctx.jobs, state));
  });

  return router;
}
