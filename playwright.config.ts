import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// Playwright drives Debian's Chromium: its own browser download is not used.
const port = Number(process.env.PAGESCOPE_E2E_PORT ?? 4173);
// A build other than dist/ (e.g. two builds side by side) is served with PAGESCOPE_E2E_DIST.
const outDir = process.env.PAGESCOPE_E2E_DIST;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.PAGESCOPE_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  // The server `npm start` runs: the built app, cross-origin isolated, and the share API
  // with its own store, so specs exercise what users get.
  webServer: {
    command: 'npx tsx src/server/main.ts',
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(port),
      PAGESCOPE_DIST_DIR: outDir ?? 'dist',
      PAGESCOPE_SHARE_DIR: join(tmpdir(), `pagescope-e2e-share-${port}`),
    },
  },
});
