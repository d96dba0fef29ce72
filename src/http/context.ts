import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Role } from '../modules/access/access.schema.ts';
import type { RegistrySigner } from '../modules/interop/dci.signature.ts';
import type { JobRunner } from '../modules/jobs/jobs.service.ts';

/** Everything a request handler may need, built once at start. */
export interface AppContext {
  config: Config;
  database: Database;
  logger: Logger;
  jobs: JobRunner;
  /** Signs the DCI answers and callbacks (dci.signature.ts). */
  signer: RegistrySigner;
}

/** The signed-in user, as the scoping layer sees them. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** Kemendagri code of the user's area; scopes nest by code prefix. */
  regionCode: string;
  organisation: string | null;
  csrfToken: string;
}

/** Hono environment of every route. */
export interface AppEnv {
  Variables: {
    ctx: AppContext;
    user: SessionUser | null;
  };
}
