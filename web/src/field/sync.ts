import { api, ApiError, setCsrfToken, unwrap } from '../api/client';
import { listQueue, putVisit, saveHouseholds, type FieldStore, type QueuedVisit } from './db';

/** Visits sent per request (the server takes at most 200). */
const batchSize = 50;

export interface SyncSummary {
  sent: number;
  accepted: number;
  duplicate: number;
  rejected: number;
}

/** The session's CSRF token (needed for uploads); a page opened offline has none until it asks. */
async function refreshSession(): Promise<void> {
  const session = await unwrap(api.GET('/api/v1/auth/me'));
  setCsrfToken(session.csrfToken);
}

/** Downloads the officer's assigned households into the phone's store. */
export async function downloadHouseholds(db: FieldStore): Promise<number> {
  const { households } = await unwrap(api.GET('/api/v1/field/households'));
  await saveHouseholds(db, households);
  return households.length;
}

async function uploadPhoto(visit: QueuedVisit): Promise<string> {
  const form = new FormData();
  form.set('householdId', String(visit.householdId));
  form.set('file', visit.photo!, visit.photoName ?? 'foto.jpg');
  const stored = await unwrap(
    api.POST('/api/v1/field/evidence', {
      body: form as never,
      bodySerializer: (body: unknown) => body as FormData,
    }),
  );
  return stored.id;
}

/** A refusal the officer can read; network failures leave the visit queued for the next attempt. */
const isAnswer = (error: unknown) => error instanceof ApiError && error.status >= 400 && error.status < 500;

let running: Promise<SyncSummary> | null = null;

/**
 * Sends every queued visit: photos first (POST /field/evidence), then the visits in batches. A visit stays
 * queued until the server answers for it, and its client id makes a resend a no-op (`duplicate`), so a retry
 * after a lost answer never creates a second visit. One sync runs at a time.
 */
export function syncQueue(db: FieldStore): Promise<SyncSummary> {
  running ??= runSync(db).finally(() => {
    running = null;
  });
  return running;
}

async function runSync(db: FieldStore): Promise<SyncSummary> {
  const summary: SyncSummary = { sent: 0, accepted: 0, duplicate: 0, rejected: 0 };
  const queued = (await listQueue(db)).filter((v) => v.state === 'queued');
  if (queued.length === 0) return summary;
  await refreshSession();
  const ready: QueuedVisit[] = [];
  for (const visit of queued) {
    const attempt = { ...visit, lastAttemptAt: new Date().toISOString() };
    if (attempt.photo) {
      try {
        const id = await uploadPhoto(attempt);
        Object.assign(attempt, { photo: null, evidenceIds: [...attempt.evidenceIds, id] });
      } catch (error) {
        if (!isAnswer(error)) throw error;
        // The photo was refused (not an image, too large): the visit goes without it, saying so.
        Object.assign(attempt, { photo: null, error: (error as Error).message });
      }
      await putVisit(db, attempt);
    }
    ready.push(attempt);
  }
  for (let start = 0; start < ready.length; start += batchSize) {
    const batch = ready.slice(start, start + batchSize);
    const { results } = await unwrap(
      api.POST('/api/v1/field/submissions', {
        body: {
          submissions: batch.map((v) => ({
            ...v.submission,
            ...(v.evidenceIds.length > 0 ? { evidenceIds: v.evidenceIds } : {}),
          })),
        },
      }),
    );
    for (const result of results) {
      const visit = batch[result.index];
      if (!visit) continue;
      summary.sent += 1;
      summary[result.status] += 1;
      const issues = result.error?.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      await putVisit(db, {
        ...visit,
        state: result.status,
        submissionId: result.submissionId,
        conflicts: result.conflicts,
        error: result.error ? [result.error.message, issues].filter(Boolean).join(' ') : visit.error,
      });
    }
  }
  return summary;
}

/** Records why the last attempt did not reach the server on every still-queued visit. */
export async function noteSyncFailure(db: FieldStore, message: string): Promise<void> {
  for (const visit of await listQueue(db))
    if (visit.state === 'queued')
      await putVisit(db, { ...visit, error: message, lastAttemptAt: new Date().toISOString() });
}
