import type { ShareService } from '../../share/index.ts';

/** The app's address without a fragment: what a share link opens. */
export function pageUrl(): string {
  return window.location.href.split('#')[0];
}

/** The share service is the server the app came from (src/server: /api/blobs). */
export function pageService(): ShareService {
  return { baseUrl: window.location.origin };
}
