import path from 'node:path';
import { z } from 'zod';

/** Typed configuration, parsed once at start. Nothing else in the code base reads `process.env`. */
const configSchema = z.object({
  /** PostgreSQL server URL; when absent Tepat runs on the embedded PGlite database in `dataDir`. */
  databaseUrl: z.string().url().optional(),
  /**
   * Folder of the embedded database and other local state (an absolute path), or `memory://` for a database held in
   * memory (tests and trials): nothing outlives the process, and uploads wait in the system's temporary folder.
   */
  dataDir: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  /** Cookies get the Secure flag when served over HTTPS. */
  secureCookies: z.boolean(),
  /** Province loaded by default (Kemendagri code). */
  provinceCode: z.string().regex(/^\d{2}$/),
  /** Demo seed on first start: population scale (fraction of Jakarta) and PRNG seed. */
  demoScale: z.coerce.number().min(0).max(1),
  demoSeed: z.coerce.number().int(),
  demoPassword: z.string().min(8),
  sessionTtlHours: z.coerce.number().int().positive(),
  /** Largest file accepted by a web import upload (`POST /imports`), in bytes. */
  importMaxBytes: z.coerce.number().int().positive(),
  /**
   * PKCS#8 PEM of the Ed25519 key signing DCI answers; made on first start when missing. Absent with an in-memory
   * database (`memory://`): the key then lives as long as the process, like the data.
   */
  dciSigningKeyFile: z.string().min(1).optional(),
});

export type Config = z.infer<typeof configSchema>;

const projectRoot = path.resolve(import.meta.dirname, '..');

/** Builds the configuration from an environment (defaults to `process.env`). Throws a readable error. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const inMemory = env.TEPAT_DATA_DIR?.startsWith('memory://') === true;
  const dataDir = inMemory ? env.TEPAT_DATA_DIR! : path.resolve(projectRoot, env.TEPAT_DATA_DIR ?? '.data');
  const parsed = configSchema.safeParse({
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    port: env.PORT ?? 3000,
    host: env.HOST ?? '0.0.0.0',
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.TEPAT_SECURE_COOKIES === 'true',
    provinceCode: env.TEPAT_PROVINCE ?? '31',
    demoScale: env.TEPAT_DEMO_SCALE ?? 0.01,
    demoSeed: env.TEPAT_DEMO_SEED ?? 2025,
    demoPassword: env.TEPAT_DEMO_PASSWORD ?? 'tepat-demo-2026',
    sessionTtlHours: env.TEPAT_SESSION_TTL_HOURS ?? 12,
    importMaxBytes: Number(env.TEPAT_IMPORT_MAX_MB ?? 100) * 1024 * 1024,
    dciSigningKeyFile: env.TEPAT_DCI_SIGNING_KEY_FILE
      ? path.resolve(projectRoot, env.TEPAT_DCI_SIGNING_KEY_FILE)
      : inMemory
        ? undefined
        : path.join(dataDir, 'dci-signing-key.pem'),
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export const paths = {
  root: projectRoot,
  migrations: path.join(projectRoot, 'src/db/migrations'),
  webDist: path.join(projectRoot, 'dist/web'),
};
