// Runs SSE/x87 cases on the host CPU through native/harness.c, compiled on first use with the
// host gcc into node_modules/.cache, keyed by the source's hash so an edit rebuilds it.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_SIZE, FX_SIZE } from './case.ts';
import type { SseCase, SseOutcome } from './case.ts';

const here = dirname(fileURLToPath(import.meta.url));
const SOURCE = join(here, 'native', 'harness.c');
const CACHE_DIR = resolve(here, '../../node_modules/.cache/pagescope-sse');
const NO_VECTOR = 0xff;
const CASE_IN = 8 + 16 * 8 + FX_SIZE + DATA_SIZE;
const CASE_OUT = 8 + 16 * 8 + 8 + FX_SIZE + DATA_SIZE;

function harnessPath(): string {
  const hash = createHash('sha256').update(readFileSync(SOURCE)).digest('hex').slice(0, 16);
  const binary = join(CACHE_DIR, `harness-${hash}`);
  if (existsSync(binary)) return binary;
  mkdirSync(CACHE_DIR, { recursive: true });
  // Built under a private name and renamed: two test files may compile at once.
  const partial = `${binary}.${process.pid}.tmp`;
  execFileSync('gcc', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', partial, SOURCE], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  renameSync(partial, binary);
  return binary;
}

function encode(cases: readonly SseCase[]): Buffer {
  let size = 8;
  for (const c of cases) size += CASE_IN + c.code.length;
  const buf = Buffer.alloc(size);
  buf.write('PSX1', 0, 'latin1');
  buf.writeUInt32LE(cases.length, 4);
  let at = 8;
  for (const c of cases) {
    buf.writeUInt16LE(c.code.length, at);
    at += 8;
    for (const v of c.gpr) at = buf.writeBigUInt64LE(v, at);
    buf.set(c.fx, at);
    buf.set(c.data, at + FX_SIZE);
    buf.set(c.code, at + FX_SIZE + DATA_SIZE);
    at += FX_SIZE + DATA_SIZE + c.code.length;
  }
  return buf;
}

function decode(buf: Buffer, expected: number): SseOutcome[] {
  if (buf.toString('latin1', 0, 4) !== 'PSY1') throw new Error('harness output has a bad magic');
  if (buf.readUInt32LE(4) !== expected || buf.length !== 8 + expected * CASE_OUT)
    throw new Error('harness output has the wrong size');
  const out: SseOutcome[] = [];
  for (let at = 8; at < buf.length; at += CASE_OUT) {
    const vector = buf[at]!;
    const gpr: bigint[] = [];
    for (let r = 0; r < 16; r++) gpr.push(buf.readBigUInt64LE(at + 8 + r * 8));
    const fxAt = at + 8 + 16 * 8 + 8;
    out.push({
      vector: vector === NO_VECTOR ? null : vector,
      errorCode: vector === NO_VECTOR ? null : buf.readUInt32LE(at + 4),
      gpr,
      rip: buf.readBigUInt64LE(at + 8 + 16 * 8),
      fx: new Uint8Array(buf.subarray(fxAt, fxAt + FX_SIZE)),
      data: new Uint8Array(buf.subarray(fxAt + FX_SIZE, fxAt + FX_SIZE + DATA_SIZE)),
    });
  }
  return out;
}

export function runNative(cases: readonly SseCase[]): SseOutcome[] {
  const run = spawnSync(harnessPath(), [], {
    input: encode(cases),
    maxBuffer: 1 << 30,
    timeout: 60_000,
  });
  if (run.error) throw run.error;
  if (run.status !== 0)
    throw new Error(`harness exited with ${run.status ?? run.signal}: ${run.stderr.toString()}`);
  return decode(run.stdout, cases.length);
}
