// `npm run bench`: bundles the benchmark with esbuild, as Vite bundles the engine for the
// browser worker, then runs the bundle in a fresh Node process. Running the TypeScript
// modules one by one through a loader measures the loader's module linking, not the engine.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'node_modules', '.cache', 'pagescope-bench');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, 'bench.mjs');
await build({
  entryPoints: [join(root, 'bench', 'main.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
