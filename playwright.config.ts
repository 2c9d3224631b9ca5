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
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort${outDir ? ` --outDir ${outDir}` : ''}`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
