import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlobStore } from './blob-store.ts';
import { readServerConfig } from './config.ts';
import type { StoreConfig } from './config.ts';
import { DiskBlobStore } from './disk-store.ts';
import { S3BlobStore } from './s3-store.ts';
import { createShareServer } from './share-server.ts';

/**
 * `npm start`: serves the built app and the share API. Configuration comes from environment
 * variables (README.md); a bad one stops the server before it listens, naming the variable.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function openStore(store: StoreConfig): BlobStore {
  return store.kind === 's3' ? new S3BlobStore(store.s3) : new DiskBlobStore(store.dir);
}

function describeStore(store: StoreConfig): string {
  return store.kind === 's3' ? `S3 ${store.s3.bucketUrl}${store.s3.prefix}` : `disk ${store.dir}`;
}

async function main(): Promise<void> {
  const result = readServerConfig(process.env, repoRoot);
  if (!result.ok) {
    for (const problem of result.problems) console.error(`pagescope server: ${problem}`);
    process.exit(2);
  }
  const { config } = result;
  if (!existsSync(join(config.distDir, 'index.html'))) {
    console.error(
      `pagescope server: ${config.distDir} has no index.html; run \`vite build\` first`,
    );
    process.exit(2);
  }
  const store = openStore(config.store);
  // Only a quota needs the stored total; listing a large bucket is not free.
  const storedBytes = config.limits.quotaBytes === null ? 0 : await store.totalBytes();
  const server = createShareServer({
    distDir: config.distDir,
    store,
    limits: config.limits,
    api: { storedBytes, trustProxy: config.trustProxy },
  });
  server.on('error', (e) => {
    console.error(`pagescope server: ${e.message}`);
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    console.log(
      `pagescope: http://${config.host}:${config.port}/ (shared files: ${describeStore(config.store)})`,
    );
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  }
}

main().catch((e: unknown) => {
  console.error(`pagescope server: ${(e as Error).message}`);
  process.exit(1);
});
