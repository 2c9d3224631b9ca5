// Cases as JSON lines: the failure corpus, and the failing cases a run writes out for it.
import { existsSync, readFileSync } from 'node:fs';
import type { DiffCase } from './case.ts';

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function fromHex(text: string): Uint8Array {
  if (!/^([0-9a-f]{2})*$/.test(text)) throw new Error(`not hex bytes: ${text}`);
  return new Uint8Array(Buffer.from(text, 'hex'));
}

export function caseToJson(c: DiffCase): string {
  return JSON.stringify({
    family: c.family,
    text: c.text,
    code: toHex(c.code),
    gpr: c.gpr.map((v) => `0x${v.toString(16)}`),
    rflags: `0x${c.rflags.toString(16)}`,
    fillSeed: c.fillSeed,
    patches: c.patches.map((p) => ({ offset: p.offset, bytes: toHex(p.bytes) })),
    involved: c.involved,
  });
}

interface CaseJson {
  family: string;
  text: string;
  code: string;
  gpr: string[];
  rflags: string;
  fillSeed: number;
  patches: { offset: number; bytes: string }[];
  involved: number[];
}

export function caseFromJson(line: string): DiffCase {
  const j = JSON.parse(line) as CaseJson;
  if (!Array.isArray(j.gpr) || j.gpr.length !== 16) throw new Error('a case needs 16 registers');
  return {
    family: String(j.family),
    text: String(j.text),
    code: fromHex(j.code),
    gpr: j.gpr.map((v) => BigInt.asUintN(64, BigInt(v))),
    rflags: BigInt(j.rflags),
    fillSeed: Number(j.fillSeed) >>> 0,
    patches: (j.patches ?? []).map((p) => ({ offset: Number(p.offset), bytes: fromHex(p.bytes) })),
    involved: (j.involved ?? []).map(Number),
  };
}

/** Non-empty lines of a JSON-lines file; a missing file has none. */
export function readJsonLines(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

export function readCases(path: string): DiffCase[] {
  return readJsonLines(path).map((line, i) => {
    try {
      return caseFromJson(line);
    } catch (e) {
      throw new Error(`${path}:${i + 1}: ${e instanceof Error ? e.message : String(e)}`, {
        cause: e,
      });
    }
  });
}
