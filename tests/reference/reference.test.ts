// The reference kernels (kernels/access-test, exception-test, task-test) against QEMU and the
// manuals. For each kernel:
//   - the sources rebuild byte for byte into the committed image in public/kernels/;
//   - QEMU's TCG prints exactly expected/<kernel>.qemu-tcg.txt;
//   - every line where the kernel finds QEMU at odds with the manuals ("!!") is a departure
//     documented in docs/qemu-differences.md, and every documented departure still happens;
//   - expected/<kernel>.cpu.txt, what pagescope must print, is QEMU's output with those lines
//     corrected;
//   - the CPU (QEMU with KVM, expected/<kernel>.kvm.txt; not for a kernel with noKvmRun) agrees
//     with the .cpu.txt file on every case it ran, but for the documented quirks of this
//     project's nested KVM.
// The last point is checked on the committed KVM output: KVM is not on every machine, so the
// live KVM run belongs to `npx tsx tests/reference/update-expected.ts`, which regenerates the
// expected files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Departure, explain, KVM_HOST_QUIRKS, TCG_DEPARTURES } from './departures.ts';
import { cpuVariant, lines, mismatches, parseCase } from './lines.ts';
import {
  EXPECTED_DIR,
  KERNELS,
  type KernelName,
  publicImage,
  type QemuRun,
  rebuild,
  ROOT,
  runQemu,
} from './qemu.ts';

const expectedFile = (name: KernelName, variant: 'qemu-tcg' | 'cpu' | 'kvm'): string =>
  readFileSync(join(EXPECTED_DIR, `${name}.${variant}.txt`), 'latin1');

const differencesDoc = readFileSync(join(ROOT, 'docs/qemu-differences.md'), 'utf8');

/** The mismatches `rules` do not explain, as "<line>: <what is left>" strings. */
function unexplained(text: string, rules: readonly Departure[]): string[] {
  return mismatches(text)
    .map((c) => ({ c, e: explain(c, rules) }))
    .filter(({ e }) => !e.explained)
    .map(({ c, e }) => `${c.head}: ${e.corrected} (expected ${c.expected})`);
}

/** The ids of the rules that explain at least one mismatch of `text`. */
function rulesUsed(text: string, rules: readonly Departure[]): Set<string> {
  return new Set(mismatches(text).flatMap((c) => explain(c, rules).by));
}

/**
 * Lines of a KVM run that neither equal the manual/CPU variant's line for the same case nor
 * are a skipped probe, an unsupported feature, or a documented quirk of the KVM host.
 */
function kvmDisagreements(kvmOutput: string, cpuText: string): string[] {
  const cpuByHead = new Map<string, string>();
  for (const line of lines(cpuText)) {
    const c = parseCase(line);
    if (c) cpuByHead.set(c.head, c.got);
  }
  const out: string[] = [];
  for (const line of lines(kvmOutput)) {
    const c = parseCase(line);
    if (!c || c.got === 'skipped (command line)') continue;
    const want = cpuByHead.get(c.head);
    if (want === undefined) out.push(`${line}: no such case in the .cpu.txt file`);
    else if (c.expected === undefined && c.got !== want) out.push(`${line}: .cpu.txt has ${want}`);
    else if (c.expected !== undefined && !explain(c, KVM_HOST_QUIRKS).explained)
      out.push(`${line}: not a documented KVM host quirk`);
  }
  return out;
}

const tcgRuns = new Map<KernelName, QemuRun>();

beforeAll(async () => {
  const names = Object.keys(KERNELS) as KernelName[];
  const runs = await Promise.all(names.map((n) => runQemu(publicImage(n), 'tcg')));
  names.forEach((n, i) => tcgRuns.set(n, runs[i]));
}, 180_000);

describe.each(Object.keys(KERNELS) as KernelName[])('the %s-test reference kernel', (name) => {
  it('rebuilds from its sources byte for byte into the committed image', () => {
    const fresh = rebuild(name);
    const committed = readFileSync(publicImage(name));
    expect(fresh.length).toBe(committed.length);
    expect(fresh.equals(committed)).toBe(true);
  });

  it('prints under QEMU TCG exactly the committed expected output', () => {
    const run = tcgRuns.get(name)!;
    expect(run.output).toBe(expectedFile(name, 'qemu-tcg'));
    // The kernel writes 1 to the exit port when it found mismatches: QEMU exits with 3.
    expect(run.status).toBe(mismatches(run.output).length > 0 ? 3 : 1);
  });

  it('finds QEMU TCG at odds with the manuals only where docs/qemu-differences.md says', () => {
    const output = tcgRuns.get(name)!.output;
    expect(unexplained(output, TCG_DEPARTURES)).toEqual([]);
  });

  it('still meets every departure documented for it, each one in the document', () => {
    const mine = TCG_DEPARTURES.filter((d) => d.kernels.includes(name)).map((d) => d.id);
    const used = rulesUsed(tcgRuns.get(name)!.output, TCG_DEPARTURES);
    expect(mine.filter((id) => !used.has(id))).toEqual([]);
    expect(mine.filter((id) => !differencesDoc.includes(`id="${id}"`))).toEqual([]);
  });

  it('has a manual/CPU variant that is QEMU output with the departures corrected', () => {
    const cpu = expectedFile(name, 'cpu');
    expect(cpuVariant(tcgRuns.get(name)!.output)).toBe(cpu);
    expect(mismatches(cpu)).toEqual([]);
    expect(cpu).toMatch(/-test: \d+ cases, 0 mismatches/);
  });
});

const withKvmRun = (Object.keys(KERNELS) as KernelName[]).filter((n) => !KERNELS[n].noKvmRun);

describe.each(withKvmRun)('the %s-test reference kernel under KVM', (name) => {
  it('agrees (committed run) with its manual/CPU variant but for documented quirks', () => {
    const recorded = expectedFile(name, 'kvm');
    expect(recorded).toMatch(/-test: \d+ cases, \d+ mismatches/);
    expect(kvmDisagreements(recorded, expectedFile(name, 'cpu'))).toEqual([]);
  });
});

describe('the documented KVM host quirks', () => {
  it('each explain a line of the committed KVM runs (but intermittent ones) and are documented', () => {
    const used = new Set<string>();
    for (const name of withKvmRun)
      for (const id of rulesUsed(expectedFile(name, 'kvm'), KVM_HOST_QUIRKS)) used.add(id);
    const steady = KVM_HOST_QUIRKS.filter((q) => !q.intermittent).map((q) => q.id);
    expect(steady.filter((id) => !used.has(id))).toEqual([]);
    const ids = KVM_HOST_QUIRKS.map((q) => q.id);
    expect(ids.filter((id) => !differencesDoc.includes(`id="${id}"`))).toEqual([]);
  });
});
