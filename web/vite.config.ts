import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The folder of this file; `npm run build:web` runs from the project root, but the paths must not depend on it.
const webRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);

/** Every file of a folder, as site paths (`/icons/lapangan-192.png`). */
function sitePaths(folder: string, prefix = ''): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sitePaths(path.join(folder, entry.name), `${prefix}/${entry.name}`)
      : [`${prefix}/${entry.name}`],
  );
}

/**
 * The field app's service worker (web/pwa/field-sw.js) written as dist/web/sw.js with the build's files to
 * precache: everything Vite emitted plus the public folder. Its content changes with every build whose files
 * change, so phones install the new release.
 */
function fieldServiceWorker(): Plugin {
  return {
    name: 'tepat-field-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = [...Object.keys(bundle).map((name) => `/${name}`), ...sitePaths(`${webRoot}public`)]
        .filter((file) => !file.endsWith('.map') && file !== '/index.html')
        .sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const source = readFileSync(`${webRoot}pwa/field-sw.js`, 'utf8')
        .replace('const precache = [];', `const precache = ${JSON.stringify(files)};`)
        .replace("const version = 'dev';", `const version = '${version}';`);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

/** The web app: built into dist/web, which the API server serves with an SPA fallback (src/app.ts). */
export default defineConfig({
  root: webRoot,
  plugins: [react(), fieldServiceWorker()],
  build: {
    outDir: `${webRoot}../dist/web`,
    emptyOutDir: true,
    // The dashboard (with ECharts, ~240 kB gzipped) is a lazy route: Rolldown splits it off by itself.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npm run dev` serves the API on :3000; the Vite dev server forwards API calls to it.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
