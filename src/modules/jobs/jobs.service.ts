import { EventEmitter } from 'node:events';
import { eq, inArray } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { job } from './jobs.schema.ts';

/** What a running job can do: reach the database, log, and report progress. */
export interface JobContext {
  database: Database;
  logger: Logger;
  /** Reports `done` of `total` units; cheap to call often (persisted at most once a second). */
  progress(done: number, total: number, message?: string): void;
}

/** A job is a definition: a stable name, a payload schema, retries, and the work. */
export interface JobDefinition<P = unknown, R = unknown> {
  name: string;
  payload: z.ZodType<P>;
  maxAttempts: number;
  run(ctx: JobContext, payload: P): Promise<R>;
}

export interface JobState {
  id: number;
  name: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  total: number | null;
  message: string | null;
  result: unknown;
  error: string | null;
}

/**
 * Runs jobs in-process, one at a time, with their state in the `job` table (so any client can follow
 * progress). The embedded database has one connection, so serial execution is the right shape there;
 * see docs/architecture.md for why pg-boss is not used yet.
 */
export class JobRunner {
  private readonly definitions = new Map<string, JobDefinition<never, unknown>>();
  private readonly events = new EventEmitter();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
  ) {
    this.events.setMaxListeners(0);
  }

  register<P, R>(definition: JobDefinition<P, R>): void {
    this.definitions.set(definition.name, definition as unknown as JobDefinition<never, unknown>);
  }

  /** Queues a job and returns its id at once; the job runs in the background. */
  async enqueue(name: string, payload: unknown, createdBy?: number): Promise<number> {
    const definition = this.definition(name);
    const parsed = definition.payload.parse(payload);
    const [row] = await this.database.db
      .insert(job)
      .values({ name, payload: parsed, createdBy: createdBy ?? null })
      .returning({ id: job.id });
    const id = row!.id;
    this.chain = this.chain.then(() => this.execute(id, definition, parsed)).catch(() => undefined);
    return id;
  }

  /** Queues a job and waits for its outcome (the CLI's way), calling `onProgress` as it goes. */
  async run(
    name: string,
    payload: unknown,
    onProgress?: (state: JobState) => void,
    createdBy?: number,
  ): Promise<JobState> {
    const id = await this.enqueue(name, payload, createdBy);
    return new Promise((resolve) => {
      const listener = (state: JobState) => {
        onProgress?.(state);
        if (state.status === 'succeeded' || state.status === 'failed') {
          this.events.off(`job:${id}`, listener);
          resolve(state);
        }
      };
      this.events.on(`job:${id}`, listener);
    });
  }

  /** Follows a job's state changes; returns the unsubscribe function. */
  subscribe(id: number, listener: (state: JobState) => void): () => void {
    this.events.on(`job:${id}`, listener);
    return () => this.events.off(`job:${id}`, listener);
  }

  async get(id: number): Promise<JobState | undefined> {
    const [row] = await this.database.db.select().from(job).where(eq(job.id, id));
    return row ? toState(row) : undefined;
  }

  /**
   * At server start: jobs left `queued` or `running` by a process that stopped (killed, restarted) will never
   * finish, so they are marked failed with that reason, and a job that can continue (an import's apply step) can
   * be started again. Only the server calls this: it is the one process that runs jobs for the web.
   */
  async failInterrupted(): Promise<number> {
    const rows = await this.database.db
      .update(job)
      .set({
        status: 'failed',
        error:
          'Terhenti: server berhenti saat tugas berjalan. / Interrupted: the server stopped while the job ran.',
        finishedAt: new Date(),
      })
      .where(inArray(job.status, ['queued', 'running']))
      .returning({ id: job.id });
    return rows.length;
  }

  /** Resolves when every queued job has finished. */
  async idle(): Promise<void> {
    await this.chain;
  }

  private definition(name: string) {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`Unknown job "${name}"`);
    return definition;
  }

  private async execute(id: number, definition: JobDefinition<never, unknown>, payload: unknown) {
    const { db } = this.database;
    let lastWrite = 0;
    let state: JobState = {
      id,
      name: definition.name,
      status: 'running',
      progress: 0,
      total: null,
      message: null,
      result: null,
      error: null,
    };
    const emit = () => this.events.emit(`job:${id}`, { ...state });
    for (let attempt = 1; attempt <= definition.maxAttempts; attempt++) {
      await db
        .update(job)
        .set({ status: 'running', attempts: attempt, startedAt: new Date() })
        .where(eq(job.id, id));
      emit();
      const ctx: JobContext = {
        database: this.database,
        logger: this.logger.child({ job: definition.name, jobId: id }),
        progress: (done, total, message) => {
          state = { ...state, progress: done, total, message: message ?? state.message };
          emit();
          const now = Date.now();
          if (now - lastWrite > 1000) {
            lastWrite = now;
            void db
              .update(job)
              .set({ progress: done, total, message: state.message })
              .where(eq(job.id, id))
              .catch(() => undefined);
          }
        },
      };
      try {
        const result = await definition.run(ctx, payload as never);
        state = {
          ...state,
          status: 'succeeded',
          result: result ?? null,
          progress: state.total ?? state.progress,
        };
        await db
          .update(job)
          .set({
            status: 'succeeded',
            result: result ?? null,
            progress: state.progress,
            finishedAt: new Date(),
          })
          .where(eq(job.id, id));
        emit();
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error({ err: error, job: definition.name, jobId: id, attempt }, 'job attempt failed');
        if (attempt === definition.maxAttempts) {
          state = { ...state, status: 'failed', error: message };
          await db
            .update(job)
            .set({ status: 'failed', error: message, finishedAt: new Date() })
            .where(eq(job.id, id));
          emit();
        }
      }
    }
  }
}

function toState(row: typeof job.$inferSelect): JobState {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    progress: row.progress,
    total: row.total,
    message: row.message,
    result: row.result,
    error: row.error,
  };
}
