import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { job } from './jobs.schema.ts';

/** Who queued a job: `{ createdBy }` (null for jobs started by the CLI or the system), or undefined when unknown. */
export async function findJobCreator(db: Db, id: number): Promise<{ createdBy: number | null } | undefined> {
  const [row] = await db.select({ createdBy: job.createdBy }).from(job).where(eq(job.id, id));
  return row;
}
