import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The folder of this file; `npm run build:web` runs from the project root, but the paths must not depend on it.
const webRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);

/** The web app: built into dist/web, which the API server serves with an SPA fallback (src/app.ts). */
export default defineConfig({
  root: webRoot,
  plugins: [react()],
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
