import { beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import {
  insertTestRegions,
  loginAs,
  request,
  type TestApp,
  type TestSession,
} from '../access/access.test-support.ts';
import type { JobState } from './jobs.service.ts';

const password = 'demo-password-1';

/** A job that waits for the test to open its gate, then reports two steps of progress. */
function gatedJob() {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return {
    open: () => open(),
    definition: {
      name: 'test.gated',
      payload: z.object({ fail: z.boolean() }),
      maxAttempts: 1,
      async run(
        ctx: { progress(done: number, total: number, message?: string): void },
        payload: { fail: boolean },
      ) {
        await gate;
        ctx.progress(1, 2, 'half');
        ctx.progress(2, 2, 'all');
        if (payload.fail) throw new Error('planned failure');
        return { done: true };
      },
    },
  };
}

/** Reads server-sent events until the stream ends; `onEvent` may act on each parsed state. */
async function readEvents(response: Response, onEvent: (state: JobState) => void): Promise<JobState[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const states: JobState[] = [];
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return states;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (block.includes('event: state') && data) {
        const state = JSON.parse(data.slice(6)) as JobState;
        states.push(state);
        onEvent(state);
      }
    }
  }
}

describeEachDatabase(
  'jobs routes',
  (env) => {
    let app: TestApp;
    let creator: TestSession;
    let creatorId: number;
    const gated = gatedJob();
    let jobId: number;

    beforeAll(async () => {
      app = createApp(env().ctx);
      env().ctx.jobs.register(gated.definition);
      creator = await loginAs(app, 'kel.penjaringan', password);
      creatorId = (
        (await (await request(app, 'GET', '/auth/me', { session: creator })).json()) as {
          user: { id: number };
        }
      ).user.id;
      jobId = await env().ctx.jobs.enqueue('test.gated', { fail: false }, creatorId);
    });

    it('shows a job to its creator and the secretariat only', async () => {
      const own = await request(app, 'GET', `/jobs/${jobId}`, { session: creator });
      expect(own.status).toBe(200);
      expect(await own.json()).toMatchObject({ id: jobId, name: 'test.gated' });
      const other = await loginAs(app, 'kec.penjaringan', password);
      expect((await request(app, 'GET', `/jobs/${jobId}`, { session: other })).status).toBe(403);
      expect((await request(app, 'GET', `/jobs/${jobId}/events`, { session: other })).status).toBe(403);
      const secretariat = await loginAs(app, 'sekretariat', password);
      expect((await request(app, 'GET', `/jobs/${jobId}`, { session: secretariat })).status).toBe(200);
      expect((await request(app, 'GET', `/jobs/${jobId}`)).status).toBe(401);
      expect((await request(app, 'GET', '/jobs/999999', { session: secretariat })).status).toBe(404);
      const bad = await request(app, 'GET', '/jobs/abc', { session: secretariat });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(await bad.json())).toContain('param.id');
    });

    it('streams every state change of a job until it ends', async () => {
      const response = await request(app, 'GET', `/jobs/${jobId}/events`, { session: creator });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const states = await readEvents(response, (state) => {
        if (state.status === 'running' && state.progress === 0) gated.open();
      });
      expect(states[0]).toMatchObject({ id: jobId, status: 'running', progress: 0 });
      expect(states.map((s) => s.progress)).toEqual(expect.arrayContaining([1, 2]));
      expect(states.at(-1)).toMatchObject({
        status: 'succeeded',
        progress: 2,
        total: 2,
        result: { done: true },
      });
      expect(states.filter((s) => s.status === 'succeeded')).toHaveLength(1);
    });

    it('streams a finished job as one final event, and a failed job to its failure', async () => {
      const finished = await readEvents(
        await request(app, 'GET', `/jobs/${jobId}/events`, { session: creator }),
        () => undefined,
      );
      expect(finished).toEqual([expect.objectContaining({ status: 'succeeded' })]);
      const failing = await env().ctx.jobs.enqueue('test.gated', { fail: true }, creatorId);
      await env().ctx.jobs.idle();
      const failed = await readEvents(
        await request(app, 'GET', `/jobs/${failing}/events`, { session: creator }),
        () => undefined,
      );
      expect(failed.at(-1)).toMatchObject({ status: 'failed', error: 'planned failure' });
    });
  },
  async ({ ctx }) => {
    await insertTestRegions(ctx.database.db);
    await ensureDemoUsers(ctx.database.db, password);
  },
);
