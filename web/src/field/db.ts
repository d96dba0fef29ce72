import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { paths } from '../api/schema';

type Download = paths['/api/v1/field/households']['get']['responses'][200]['content']['application/json'];
type ApiHousehold = Download['households'][number];

/** A member as the phone keeps it: the registry's person fields (the API types them loosely). */
export interface FieldMember {
  personId: number;
  relationship: string;
  position: number;
  name: string;
  sex: string;
  birthDate: string;
  maritalStatus: string;
  education: string;
  occupation: string;
  disability: string;
  chronicIllness: boolean;
  schoolEnrolment: string;
  [field: string]: unknown;
}

/** An assigned household as downloaded for offline work. */
export interface FieldHousehold extends Omit<ApiHousehold, 'members'> {
  members: FieldMember[];
  downloadedAt: string;
}

/** One visit as POST /field/submissions takes it (the API checks each item on its own: FieldSubmission). */
export type SubmissionPayload = Record<string, unknown> & {
  clientId: string;
  householdId: number;
  baseVersion: number;
};

/** Where a queued visit stands: waiting to be sent, or the server's answer. */
export type QueueState = 'queued' | 'accepted' | 'duplicate' | 'rejected';

/** A visit saved on the phone; kept until the server has answered for it. */
export interface QueuedVisit {
  clientId: string;
  householdId: number;
  createdAt: string;
  submission: SubmissionPayload;
  /** The photo, until it is uploaded (then its evidence id is kept instead). */
  photo: Blob | null;
  photoName: string | null;
  evidenceIds: string[];
  state: QueueState;
  submissionId: number | null;
  conflicts: string[];
  /** The server's refusal, or why the last attempt did not reach it. */
  error: string | null;
  lastAttemptAt: string | null;
}

interface FieldDb extends DBSchema {
  households: { key: number; value: FieldHousehold };
  queue: { key: string; value: QueuedVisit; indexes: { byCreated: string } };
  meta: { key: string; value: unknown };
}

export type FieldStore = IDBPDatabase<FieldDb>;

const opened = new Map<number, Promise<FieldStore>>();

/** The phone's store for one user: each officer's households and queue are kept apart. */
export function openFieldStore(userId: number): Promise<FieldStore> {
  let db = opened.get(userId);
  if (!db) {
    db = openDB<FieldDb>(`tepat-lapangan-${userId}`, 1, {
      upgrade(database) {
        database.createObjectStore('households', { keyPath: 'id' });
        database.createObjectStore('queue', { keyPath: 'clientId' }).createIndex('byCreated', 'createdAt');
        database.createObjectStore('meta');
      },
    });
    opened.set(userId, db);
  }
  return db;
}

/** Replaces the offline copy with a fresh download (the queue is left alone). */
export async function saveHouseholds(db: FieldStore, households: ApiHousehold[]): Promise<void> {
  const downloadedAt = new Date().toISOString();
  const tx = db.transaction(['households', 'meta'], 'readwrite');
  await tx.objectStore('households').clear();
  for (const household of households)
    await tx
      .objectStore('households')
      .put({ ...household, members: household.members as FieldMember[], downloadedAt });
  await tx.objectStore('meta').put(downloadedAt, 'downloadedAt');
  await tx.done;
}

export async function listHouseholds(db: FieldStore): Promise<FieldHousehold[]> {
  const households = await db.getAll('households');
  return households.sort((a, b) => a.rw.localeCompare(b.rw) || a.rt.localeCompare(b.rt) || a.id - b.id);
}

export const readHousehold = (db: FieldStore, id: number) => db.get('households', id);

export async function lastDownload(db: FieldStore): Promise<string | null> {
  return ((await db.get('meta', 'downloadedAt')) as string | undefined) ?? null;
}

/** The queue, oldest first. */
export const listQueue = (db: FieldStore) => db.getAllFromIndex('queue', 'byCreated');

export const putVisit = (db: FieldStore, visit: QueuedVisit) => db.put('queue', visit);

/** Forgets visits the server has accepted (or already had); refused ones stay for the officer to see. */
export async function clearSent(db: FieldStore): Promise<void> {
  const tx = db.transaction('queue', 'readwrite');
  for (const visit of await tx.store.getAll())
    if (visit.state === 'accepted' || visit.state === 'duplicate') await tx.store.delete(visit.clientId);
  await tx.done;
}

/**
 * Removes the personal data a sign-out must not leave on the phone: the downloaded households and the visits the
 * server has answered. Visits still waiting to be sent stay (the officer's unsent work), and go out at the next
 * sign-in on this device.
 */
export async function forgetDownloads(userId: number): Promise<void> {
  const db = await openFieldStore(userId);
  const tx = db.transaction(['households', 'meta', 'queue'], 'readwrite');
  await tx.objectStore('households').clear();
  await tx.objectStore('meta').delete('downloadedAt');
  const queue = tx.objectStore('queue');
  for (const visit of await queue.getAll()) if (visit.state !== 'queued') await queue.delete(visit.clientId);
  await tx.done;
}
