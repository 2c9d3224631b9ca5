import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_KERNELS } from '../../../tests/kernels/paths.ts';
import { planBoot } from '../../boot/index.ts';
import { SymbolNames } from '../pitfalls/symbols.ts';
import { disassemble } from './disassemble.ts';
import { normalise, objdumpRaw } from './objdump-helpers.ts';

/** 64-bit kernels only: objdump decodes a whole ELF file in one mode. */
const KERNELS = ['demo-limine.elf', 'pitfall-gdt-idt-unmapped.elf', 'pitfall-stale-tlb.elf'];

interface ObjdumpLine {
  address: bigint;
  bytes: number[];
  text: string;
}

/** objdump -d -M intel's lines: address, bytes (continuation lines folded in), text. */
function objdump(file: string): ObjdumpLine[] {
  const out = execFileSync('objdump', ['-d', '-M', 'intel', '-w', file], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const lines: ObjdumpLine[] = [];
  for (const l of out.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t((?:[0-9a-f]{2} )+)\s*\t?(.*)$/.exec(l);
    if (!m) continue;
    const bytes = m[2]
      .trim()
      .split(' ')
      .map((b) => parseInt(b, 16));
    lines.push({ address: BigInt(`0x${m[1]}`), bytes, text: m[3] });
  }
  return lines;
}

/**
 * Several symbols can start at one address (`__kernel_end` and `__stack_top`); objdump and
 * pagescope may pick different ones. Each name becomes the first, alphabetically, of the
 * names at its address, on both sides.
 */
function canonicalSymbols(symbols: readonly { name: string; value: bigint }[]) {
  const first = new Map<bigint, string>();
  for (const s of [...symbols].sort((a, b) => a.name.localeCompare(b.name)))
    if (s.name && !first.has(s.value)) first.set(s.value, s.name);
  const byName = new Map(symbols.map((s) => [s.name, first.get(s.value) ?? s.name]));
  return (text: string) => text.replace(/<([^>+]+)/g, (_, n: string) => `<${byName.get(n) ?? n}`);
}

function ours(line: { mnemonic: string; operands: string; comment: string }): string {
  const s = line.operands ? `${line.mnemonic} ${line.operands}` : line.mnemonic;
  return line.comment ? `${s} # ${line.comment}` : s;
}

describe('disassembly against objdump -M intel', () => {
  for (const kernel of KERNELS) {
    it(`every_instruction_of_${kernel}_matches_objdump`, () => {
      const file = join(PUBLIC_KERNELS, kernel);
      const lines = objdump(file);
      const planned = planBoot(new Uint8Array(readFileSync(file)), { imageName: kernel });
      if (!planned.ok) throw new Error(planned.error.message);
      const names = new SymbolNames(planned.plan.symbols);
      const canonical = canonicalSymbols(planned.plan.symbols);
      const bytes = new Map<bigint, number>();
      for (const l of lines) l.bytes.forEach((b, k) => bytes.set(l.address + BigInt(k), b));
      const read = (a: bigint, n: number) => {
        const out: number[] = [];
        for (let k = 0n; k < BigInt(n) && bytes.has(a + k); k++) out.push(bytes.get(a + k)!);
        return new Uint8Array(out);
      };
      const mismatches: string[] = [];
      for (const l of lines) {
        const [d] = disassemble(
          read,
          l.address,
          1,
          64,
          (a) => names.name(a),
          () => '',
        );
        const want = canonical(normalise(l.text));
        const got = canonical(ours(d));
        if (d.bytes.length !== l.bytes.length || got !== want)
          mismatches.push(`${l.address.toString(16)}: objdump '${want}', pagescope '${got}'`);
      }
      expect(lines.length).toBeGreaterThan(1000);
      expect(mismatches.slice(0, 40)).toEqual([]);
    });
  }

  it('a_catalogue_of_system_string_and_size_forms_matches_objdump', () => {
    const code = new Uint8Array(CATALOGUE.flat());
    const read = (a: bigint, n: number) => code.slice(Number(a), Number(a) + n);
    const got = disassemble(
      read,
      0n,
      CATALOGUE.length,
      64,
      () => '',
      () => '',
    ).map(ours);
    expect(got).toEqual(objdumpRaw(code));
  });

  it('every_x87_register_form_and_memory_form_matches_objdump', () => {
    // DB E5 (the 287's frstpm) is left out: it raises #UD here, as on every CPU since.
    const forms: number[][] = [];
    for (let op = 0xd8; op <= 0xdf; op++) {
      for (let m = 0xc0; m <= 0xff; m++) if (!(op === 0xdb && m === 0xe5)) forms.push([op, m]);
      for (let reg = 0; reg < 8; reg++) forms.push([op, reg << 3]); // [rax]
    }
    const code = new Uint8Array(forms.flat());
    const read = (a: bigint, n: number) => code.slice(Number(a), Number(a) + n);
    const got = disassemble(
      read,
      0n,
      forms.length,
      64,
      () => '',
      () => '',
    ).map(ours);
    // objdump marks the 8087/287 controls, which the 387 and later run as no-ops.
    expect(got).toEqual(objdumpRaw(code).map((t) => t.replace(/\((?:8087|287) only\)$/, '')));
  });
});

/** Encodings the kernels above do not use, one instruction each. */
const CATALOGUE: number[][] = [
  [0x9c],
  [0x9d],
  [0x48, 0xcf],
  [0xcf],
  [0x48, 0x98],
  [0x98],
  [0x66, 0x98],
  [0x48, 0x99],
  [0x99],
  [0x66, 0x90],
  [0x90],
  [0xf3, 0x90],
  [0x41, 0x90],
  [0x0f, 0x20, 0xd8],
  [0x0f, 0x22, 0xd8],
  [0x0f, 0x21, 0xc0],
  [0x8e, 0xd8],
  [0x8c, 0xd8],
  [0x0f, 0xa0],
  [0x0f, 0xa9],
  [0xe4, 0x60],
  [0xec],
  [0xee],
  [0xe5, 0x60],
  [0x66, 0xed],
  [0xa0, 0x00, 0x10, 0, 0, 0, 0, 0, 0],
  [0x48, 0xa1, 0x00, 0x10, 0, 0, 0, 0, 0, 0],
  [0x8b, 0x04, 0x25, 0x00, 0x10, 0, 0],
  [0x8b, 0x04, 0x85, 0x00, 0x10, 0, 0],
  [0x64, 0x48, 0x8b, 0x04, 0x25, 0x28, 0, 0, 0],
  [0xf3, 0x48, 0xab],
  [0xf3, 0xa6],
  [0xf2, 0xae],
  [0xa4],
  [0x48, 0xa5],
  [0xac],
  [0x6c],
  [0x6e],
  [0x0f, 0x01, 0x10],
  [0x0f, 0x01, 0x38],
  [0x0f, 0xae, 0x04, 0x24],
  [0x48, 0x0f, 0xc7, 0x0f],
  [0x0f, 0xc7, 0x0f],
  [0xff, 0x18],
  [0xff, 0x28],
  [0xe3, 0x00],
  [0x67, 0xe3, 0x00],
  [0x6a, 0xff],
  [0x68, 0x00, 0x00, 0x00, 0x80],
  [0xc8, 0x10, 0x00, 0x00],
  [0xc2, 0x08, 0x00],
  [0xcb],
  [0x48, 0xcb],
  [0xcd, 0x80],
  [0xcc],
  [0xf1],
  [0x0f, 0xba, 0xe0, 0x03],
  [0x48, 0x6b, 0xc1, 0xfb],
  [0xc1, 0xe0, 0x04],
  [0xd1, 0xe0],
  [0xd3, 0xe0],
  [0x0f, 0xa4, 0xc1, 0x04],
  [0x0f, 0xa5, 0xc1],
  [0x48, 0x63, 0xc1],
  [0x0f, 0xb6, 0x00],
  [0x0f, 0xbf, 0xc1],
  [0x66, 0x48, 0x0f, 0x7e, 0xc0],
  [0x66, 0x0f, 0x7e, 0xc0],
  [0xf0, 0x0f, 0xb1, 0x0a],
  [0x86, 0xc4],
  [0x40, 0x86, 0xc4],
  [0x0f, 0x00, 0xd0],
  [0x0f, 0x00, 0xd8],
  [0x0f, 0x01, 0xf8],
  [0x0f, 0x01, 0xf9],
  [0xdf, 0xe0],

  [0xd9, 0x38],
  [0x0f, 0xae, 0x10],
  [0x0f, 0x18, 0x08],
  [0x0f, 0x0d, 0x08],
  [0x0f, 0xae, 0xe8],
  [0x48, 0x0f, 0xc8],
  [0x0f, 0x05],
  [0x48, 0x0f, 0x07],
  [0x0f, 0x07],
  [0x66, 0x0f, 0x6f, 0x00],
  [0xf3, 0x0f, 0x6f, 0x00],
  [0x66, 0x0f, 0xd6, 0x00],
  [0x66, 0x0f, 0x73, 0xd8, 0x04],
  [0x0f, 0x1f, 0x00],
  [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00],
  [0x65, 0x48, 0x8b, 0x04, 0x25, 0x10, 0, 0, 0],
  [0x48, 0x8d, 0x44, 0x24, 0xf8],
  [0xf6, 0xc4, 0x80],
  [0x48, 0xf7, 0xd8],
  [0x0f, 0x0b],
  [0xf4],
  [0xfa],
  [0xfb],
];
