import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiffCase } from './case.ts';
import { caseToJson, readCases } from './corpus.ts';
import { findMismatches } from './diff-run.ts';
import type { Mismatch } from './diff-run.ts';
import { generateCases } from './gen/index.ts';
import { CACHE_DIR, CORPUS_FILE, FAILURES_FILE } from './paths.ts';
import { familyCounts, formatReport } from './report.ts';
import { runSeed, seedText } from './seed.ts';

const MIN_GENERATED = 50_000;
/** Generating and running the cases natively takes a few seconds; the emulator takes the rest,
 *  and a busy shared machine can stretch that well past Vitest's default. */
const GENERATED_TIMEOUT_MS = 600_000;

/** Fail with the report, and leave the failing cases where add-to-corpus.ts finds them. */
function assertNoMismatches(cases: readonly DiffCase[], mismatches: Mismatch[], header: string) {
  if (mismatches.length === 0) return;
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(FAILURES_FILE, mismatches.map((m) => caseToJson(m.c)).join('\n') + '\n');
  const file = relative(process.cwd(), FAILURES_FILE);
  const hint = `The failing cases are in ${file}; keep them with: npx tsx tests/diff/add-to-corpus.ts`;
  throw new Error(`${formatReport(mismatches, familyCounts(cases), header)}\n\n${hint}`);
}

describe('the emulated CPU compared with the host CPU', () => {
  it(
    'matches the host on every generated case',
    () => {
      const seed = runSeed();
      const cases = generateCases(seed);
      expect(cases.length).toBeGreaterThanOrEqual(MIN_GENERATED);
      const header = `Seed ${seedText(seed)}: rerun with PAGESCOPE_DIFF_SEED=${seedText(seed)}.`;
      assertNoMismatches(cases, findMismatches(cases), header);
    },
    GENERATED_TIMEOUT_MS,
  );

  it('matches the host on every case in the failure corpus', () => {
    const cases = readCases(CORPUS_FILE);
    assertNoMismatches(
      cases,
      findMismatches(cases),
      `Corpus: ${relative(process.cwd(), CORPUS_FILE)}.`,
    );
  });
});
