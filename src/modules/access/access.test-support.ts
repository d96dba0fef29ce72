/**
 * Test helpers for signing in and calling the API through the real HTTP stack (`app.request`).
 * Used by the access tests and by the role × area × endpoint matrix test; not used by the product.
 */
import type { createApp } from '../../app.ts';
import type { Db } from '../../db/client.ts';
import { region } from '../regions/regions.schema.ts';
import { csrfHeaderName } from './access.middleware.ts';
import { sessionCookieName } from './access.session.ts';
import { createUser } from './access.service.ts';

export type TestApp = ReturnType<typeof createApp>;

/** A signed-in test client: the cookie header to send and the CSRF token for writes. */
export interface TestSession {
  cookie: string;
  csrfToken: string;
}

export interface TestRequestOptions {
  session?: TestSession;
  body?: unknown;
  /** A multipart/form-data body (file uploads), sent as the browser sends it; instead of `body`. */
  form?: FormData;
  /** Send the session's CSRF token on writes (default true); false to test the CSRF guard. */
  csrf?: boolean;
  headers?: Record<string, string>;
  /** The client's network address as the server sees it (login throttling counts per address). */
  clientAddress?: string;
}

/** Paths starting with `/api/` are used as they are; others are taken as relative to `/api/v1`. */
function apiPath(path: string): string {
  return path.startsWith('/api/') ? path : `/api/v1${path}`;
}

/** Calls the app like a browser would: session cookie, CSRF header on writes, JSON body. */
export function request(
  app: TestApp,
  method: string,
  path: string,
  options: TestRequestOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.session) {
    headers.cookie = options.session.cookie;
    if (options.csrf !== false && method.toUpperCase() !== 'GET')
      headers[csrfHeaderName] = options.session.csrfToken;
  }
  let body: string | FormData | undefined = options.form;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const env = { incoming: { socket: { remoteAddress: options.clientAddress ?? '192.0.2.1' } } };
  return Promise.resolve(app.request(apiPath(path), { method: method.toUpperCase(), headers, body }, env));
}

/** The `name=value` pair of the session cookie set by a response, or undefined. */
export function sessionCookieOf(response: Response): string | undefined {
  const setCookies = response.headers.getSetCookie();
  const cookie = setCookies.find((c) => c.startsWith(`${sessionCookieName}=`));
  return cookie?.split(';')[0];
}

/** Signs in through POST /auth/login; throws when the sign-in fails. */
export async function loginAs(
  app: TestApp,
  username: string,
  password: string,
  options: { clientAddress?: string } = {},
): Promise<TestSession> {
  const response = await request(app, 'POST', '/auth/login', { body: { username, password }, ...options });
  if (response.status !== 200)
    throw new Error(`login as ${username} failed: ${response.status} ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = sessionCookieOf(response);
  if (!cookie) throw new Error('login response set no session cookie');
  return { cookie, csrfToken };
}

/**
 * The few Jakarta regions the demo users and access tests need (province, Jakarta Pusat and Utara, Gambir and
 * Penjaringan with a kelurahan or two). Skips rows that exist, so it can run after the real region loader.
 */
export async function insertTestRegions(db: Db): Promise<void> {
  const row = (code: string, level: 'province' | 'kota' | 'kecamatan' | 'kelurahan', name: string) => ({
    code,
    parentCode: code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null,
    level,
    name,
  });
  await db
    .insert(region)
    .values([
      row('31', 'province', 'DKI Jakarta'),
      row('31.71', 'kota', 'Kota Administrasi Jakarta Pusat'),
      row('31.71.01', 'kecamatan', 'Gambir'),
      row('31.71.01.1001', 'kelurahan', 'Gambir'),
      row('31.72', 'kota', 'Kota Administrasi Jakarta Utara'),
      row('31.72.01', 'kecamatan', 'Penjaringan'),
      row('31.72.01.1001', 'kelurahan', 'Penjaringan'),
      row('31.72.01.1002', 'kelurahan', 'Kamal Muara'),
    ])
    .onConflictDoNothing();
}

/**
 * A kelurahan operator of Kamal Muara (the kelurahan next to the demo users' Penjaringan), signed in: the reviewer
 * outside the area, for tests that check area scoping. Needs the Jakarta regions loaded.
 */
export async function signInOutsideReviewer(app: TestApp, db: Db, password: string): Promise<TestSession> {
  await createUser(db, {
    username: 'kel.kamalmuara',
    displayName: 'Operator Kelurahan Kamal Muara',
    password,
    role: 'kelurahan_operator',
    regionCode: '31.72.01.1002',
  });
  return loginAs(app, 'kel.kamalmuara', password);
}
