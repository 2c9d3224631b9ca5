import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { bundledKernelsPlugin } from './src/ui/kernels/manifest-plugin.ts';

// SharedArrayBuffer (guest RAM shared with the engine worker) needs a cross-origin
// isolated page, so dev and preview both send COOP and COEP.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // The gallery lists public/kernels/ as it is when the app is built.
  plugins: [
    react(),
    bundledKernelsPlugin(fileURLToPath(new URL('public/kernels', import.meta.url))),
  ],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
