import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { paths } from '../config.ts';

/** Newest modification time of the files under a folder (0 when it does not exist). */
function newestMtime(folder: string): number {
  if (!existsSync(folder)) return 0;
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** True when dist/web is missing or older than the web sources. */
export function isWebBuildStale(): boolean {
  const built = path.join(paths.webDist, 'index.html');
  if (!existsSync(built)) return true;
  return newestMtime(path.join(paths.root, 'web')) > statSync(built).mtimeMs;
}

/** Builds the web app with Vite when it is missing or stale; returns whether it built. */
export async function buildWebIfNeeded(log: (line: string) => void): Promise<boolean> {
  if (!isWebBuildStale()) return false;
  log('Building the web app (first start or changed sources)…');
  // Vite is a build tool: loaded only when a build is needed, so a deployment with a built app can omit it.
  const { build } = await import('vite');
  await build({ configFile: path.join(paths.root, 'web/vite.config.ts'), logLevel: 'warn' });
  return true;
}
