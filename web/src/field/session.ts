import type { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { sessionQuery } from '../api/session';
import type { SessionUser } from '../api/types';
import { forgetDownloads } from './db';

/** Who last opened the field app on this device, so it opens offline for them (no personal data). */
export interface FieldUser {
  id: number;
  username: string;
  displayName: string;
  role: SessionUser['role'];
}

const storageKey = 'tepat.lapangan.user';

function remembered(): FieldUser | null {
  try {
    const value = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as FieldUser | null;
    return value && typeof value.id === 'number' ? value : null;
  } catch {
    return null;
  }
}

/** Forgets the remembered officer (sign-out or an ended session): the app then needs a sign-in online. */
export function forgetFieldUser() {
  localStorage.removeItem(storageKey);
}

/**
 * The field app's user: the session's when the server answers, else (no network) the officer who last opened it
 * here. Null when nobody is signed in.
 */
export async function resolveFieldUser(queryClient: QueryClient): Promise<FieldUser | null> {
  const cached = queryClient.getQueryData(sessionQuery.queryKey);
  if (!cached && !navigator.onLine) return remembered();
  try {
    // Never paused waiting for a network (the default): without one the remembered officer opens the app.
    const session = await queryClient.fetchQuery({ ...sessionQuery, networkMode: 'always' });
    if (!session) {
      // The session ended (expired or signed out elsewhere): the households of whoever used the app go too.
      const previous = remembered();
      if (previous) await forgetDownloads(previous.id);
      forgetFieldUser();
      return null;
    }
    const { id, username, displayName, role } = session.user;
    const user = { id, username, displayName, role };
    localStorage.setItem(storageKey, JSON.stringify(user));
    return user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 0) return remembered();
    throw error;
  }
}
