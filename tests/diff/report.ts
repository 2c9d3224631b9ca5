// A mismatch report a person can act on: counts by family, by instruction and by field, then
// the first few cases of each family decoded.
import { FLAG_NAMES, GPR_NAMES } from './case.ts';
import type { DiffCase } from './case.ts';
import { describeVector, hex64 } from './compare.ts';
import type { Mismatch } from './diff-run.ts';

/** One example per distinct instruction, up to this many per family. */
const EXAMPLES_PER_FAMILY = 6;
const PREFIX_WORDS = new Set(['lock', 'rep', 'repne', 'es', 'cs', 'ss', 'ds', 'data16', 'addr32']);

/** The mnemonic a case is about (its first instruction's, past any prefixes). */
function mnemonic(c: DiffCase): string {
  return c.text.split(/[\s;]+/).find((w) => !PREFIX_WORDS.has(w)) ?? c.text;
}

function tally(items: string[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

function flagsText(rflags: bigint): string {
  const set = FLAG_NAMES.filter(([, bit]) => rflags & bit).map(([name]) => name);
  return set.length ? set.join(' ') : '(none)';
}

function describeCase(m: Mismatch): string[] {
  const c = m.c;
  const bytes = Buffer.from(c.code)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
  const regs = c.involved.map((r) => `${GPR_NAMES[r]}=${hex64(c.gpr[r]!)}`);
  const lines = [
    `  ${c.text}    [${bytes}]`,
    `    in:  ${regs.join(' ')} flags=${flagsText(c.rflags)}`,
  ];
  for (const p of c.patches.slice(0, 2)) {
    const shown = Buffer.from(p.bytes.slice(0, 16)).toString('hex');
    lines.push(
      `    mem: +0x${p.offset.toString(16)} = ${shown}${p.bytes.length > 16 ? '...' : ''}`,
    );
  }
  if (m.native.vector !== null) {
    lines.push(`    host raised ${describeVector(m.native.vector, m.native.errorCode)}`);
  }
  for (const d of m.diffs) {
    lines.push(`    ${d.field.padEnd(6)} host ${d.native}  emulator ${d.emulated}`);
  }
  return lines;
}

export function formatReport(
  mismatches: readonly Mismatch[],
  counts: ReadonlyMap<string, number>,
  header: string,
): string {
  const byFamily = new Map<string, Mismatch[]>();
  for (const m of mismatches) {
    const list = byFamily.get(m.c.family) ?? [];
    list.push(m);
    byFamily.set(m.c.family, list);
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const lines = [`${mismatches.length} of ${total} cases differ from the host CPU. ${header}`];
  lines.push(
    `by family: ${[...byFamily].map(([f, ms]) => `${f} ${ms.length}/${counts.get(f) ?? 0}`).join(', ')}`,
  );
  for (const [family, ms] of byFamily) {
    lines.push('', `== ${family}: ${ms.length} of ${counts.get(family) ?? 0} cases differ`);
    lines.push(`   by instruction: ${tally(ms.map((m) => mnemonic(m.c)))}`);
    lines.push(`   by field: ${tally(ms.flatMap((m) => m.diffs.map((d) => d.field)))}`);
    const examples = new Map<string, Mismatch>();
    for (const m of ms) if (!examples.has(mnemonic(m.c))) examples.set(mnemonic(m.c), m);
    for (const m of [...examples.values()].slice(0, EXAMPLES_PER_FAMILY)) {
      lines.push(...describeCase(m));
    }
  }
  return lines.join('\n');
}

export function familyCounts(cases: readonly DiffCase[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of cases) counts.set(c.family, (counts.get(c.family) ?? 0) + 1);
  return counts;
}
