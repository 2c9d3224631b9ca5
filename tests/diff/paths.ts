import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const HARNESS_SOURCE = join(here, 'native', 'harness.c');
/** Build output and failure lists: under node_modules, so never committed. */
export const CACHE_DIR = resolve(here, '../../node_modules/.cache/pagescope-diff');
/** Every case that ever failed, replayed on every run. */
export const CORPUS_FILE = join(here, 'corpus', 'cases.jsonl');
/** The failing cases of the latest run, ready for add-to-corpus.ts. */
export const FAILURES_FILE = join(CACHE_DIR, 'failures.jsonl');
