// Measures what this host's CPU does with the flags (and results) the manuals leave undefined,
// and prints the table of docs/undefined-flags.md; with --write it replaces the table there.
// Usage: npx tsx tests/diff/measure-undefined.ts [--write]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import type { Outcome } from './case.ts';
import { runNative } from './native.ts';
import { Rng } from './prng.ts';
import { basicRules, FLAG_BITS, flagOut } from './undefined/probe.ts';
import type { Probe, Rule } from './undefined/probe.ts';
import { SUBJECTS } from './undefined/subjects.ts';
import type { Subject } from './undefined/subject.ts';

const SAMPLES = 3000;
const SEED = 0x0d0c5n;
const DOC = join(dirname(fileURLToPath(import.meta.url)), '../../docs/undefined-flags.md');
const START = '<!-- measured:start -->';
const END = '<!-- measured:end -->';

function actual(flag: string, p: Probe, o: Outcome): boolean | bigint {
  return flag === 'result' ? p.result(o) : flagOut(o, flag);
}

/** The rules every sample agrees with, or how the value spread when none fits. */
function verdict(flag: string, rules: Rule[], runs: [Probe, Outcome][]): string {
  const faulted = runs.find(([, o]) => o.vector !== null);
  if (faulted) return `(a sample raised vector ${faulted[1].vector}: fix the sampler)`;
  const fitting = rules.filter((r) =>
    runs.every(([p, o]) => r.predict(p, o) === actual(flag, p, o)),
  );
  if (fitting.length > 0) return fitting.map((r) => r.name).join(' = ');
  if (flag === 'result') return 'no simple rule found';
  const set = runs.filter(([, o]) => flagOut(o, flag)).length;
  return `no simple rule found (set in ${Math.round((100 * set) / runs.length)}% of samples)`;
}

function measure(subject: Subject, rng: Rng): string[] {
  const probes = Array.from({ length: SAMPLES }, () => subject.sample(rng));
  const outcomes = runNative(probes.map((p) => p.c));
  const runs = probes.map((p, i): [Probe, Outcome] => [p, outcomes[i]!]);
  return Object.entries(subject.manual).map(([flag, manual]) => {
    const rules = [
      ...(flag in FLAG_BITS ? basicRules(flag) : []),
      ...(subject.rules?.[flag] ?? []),
    ];
    return `| ${subject.instruction} | ${flag} | ${manual} | ${verdict(flag, rules, runs)} |`;
  });
}

function hostName(): string {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  const field = (name: string) => new RegExp(`^${name}\\s*: (.*)$`, 'm').exec(info)?.[1] ?? '?';
  return `${field('model name')}, family ${field('cpu family')} model ${field('model')} stepping ${field('stepping')}`;
}

const rng = new Rng(SEED);
const table = [
  `Measured on: ${hostName()}, ${SAMPLES} random samples per row.`,
  '',
  '| Instruction | Flag | Intel SDM / AMD APM | This host |',
  '| --- | --- | --- | --- |',
  ...SUBJECTS.flatMap((s) => measure(s, rng)),
].join('\n');

if (process.argv.includes('--write')) {
  const doc = readFileSync(DOC, 'utf8');
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${DOC} has no ${START} ... ${END} section`);
  const updated = `${doc.slice(0, from + START.length)}\n${table}\n${doc.slice(to)}`;
  // Formatted as `npm run lint` expects, so a re-measure leaves a clean diff.
  const options = { ...(await resolveConfig(DOC)), filepath: DOC };
  writeFileSync(DOC, await format(updated, options));
  console.log(`wrote the table into ${DOC}`);
} else {
  console.log(table);
}
