import { useEffect, useSyncExternalStore } from 'react';

/**
 * Makes the field app installable while it is open: its manifest (start and scope /lapangan) is linked only
 * here, so the desk app is not offered for installation; the service worker (dist/web/sw.js, built by
 * web/vite.config.ts) caches the app shell so the field app opens with no network.
 */
export function useFieldApp() {
  useEffect(() => {
    const manifest = document.createElement('link');
    manifest.rel = 'manifest';
    manifest.href = '/lapangan.webmanifest';
    const themeColor = document.createElement('meta');
    themeColor.name = 'theme-color';
    themeColor.content = '#0b7285';
    document.head.append(manifest, themeColor);
    // The development server (hot reloading) has no service worker: the build writes it. Not import.meta.env.PROD:
    // a build run inside the test runner (NODE_ENV=test, src/cli/web-build.ts) is not "production" but has one.
    if (!import.meta.hot && 'serviceWorker' in navigator)
      navigator.serviceWorker.register('/sw.js', { scope: '/lapangan' }).catch((error: unknown) => {
        console.warn('The field app could not install its offline copy', error);
      });
    return () => {
      manifest.remove();
      themeColor.remove();
    };
  }, []);
}

function subscribe(onChange: () => void) {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** Whether the browser believes it has a network (navigator.onLine), following online/offline events. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, () => navigator.onLine);
}
