// Runs cases on the host CPU through native/harness.c, compiled on first use with the host gcc
// into a cache keyed by the source's hash, so an edited harness is rebuilt and an unchanged one
// is not.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { DiffCase, Outcome } from './case.ts';
import { decodeResults, encodeBatch } from './native-wire.ts';
import { CACHE_DIR, HARNESS_SOURCE } from './paths.ts';

/** A stuck case (which no generator should produce) must not hang the suite. */
const BATCH_TIMEOUT_MS = 60_000;

export function harnessPath(): string {
  const source = readFileSync(HARNESS_SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const binary = join(CACHE_DIR, `harness-${hash}`);
  if (existsSync(binary)) return binary;
  mkdirSync(CACHE_DIR, { recursive: true });
  // Build under a private name and rename: two test files may compile at the same time.
  const partial = `${binary}.${process.pid}.tmp`;
  execFileSync('gcc', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', partial, HARNESS_SOURCE], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  renameSync(partial, binary);
  return binary;
}

export function runNative(cases: readonly DiffCase[]): Outcome[] {
  const run = spawnSync(harnessPath(), [], {
    input: encodeBatch(cases),
    maxBuffer: 1 << 30,
    timeout: BATCH_TIMEOUT_MS,
  });
  if (run.error) throw run.error;
  if (run.status !== 0) {
    throw new Error(`harness exited with ${run.status ?? run.signal}: ${run.stderr.toString()}`);
  }
  return decodeResults(run.stdout, cases.length);
}
