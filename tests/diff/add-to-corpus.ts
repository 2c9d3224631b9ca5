// Appends failing cases to the corpus, skipping ones it already holds.
// Usage: npx tsx tests/diff/add-to-corpus.ts [cases.jsonl ...]   (default: the last run's failures)
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { caseFromJson, caseToJson, readJsonLines } from './corpus.ts';
import { CORPUS_FILE, FAILURES_FILE } from './paths.ts';

const sources = process.argv.length > 2 ? process.argv.slice(2) : [FAILURES_FILE];
// Re-serialised so equal cases compare equal whatever their spacing or key order.
const known = new Set(readJsonLines(CORPUS_FILE).map((l) => caseToJson(caseFromJson(l))));
const added: string[] = [];
for (const source of sources) {
  for (const line of readJsonLines(source)) {
    const normal = caseToJson(caseFromJson(line));
    if (known.has(normal)) continue;
    known.add(normal);
    added.push(normal);
  }
}
mkdirSync(dirname(CORPUS_FILE), { recursive: true });
if (added.length > 0) appendFileSync(CORPUS_FILE, added.join('\n') + '\n');
console.log(`added ${added.length} case(s) to ${CORPUS_FILE}`);
