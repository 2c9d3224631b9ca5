import { describe, expect, it } from 'vitest';
import { decode } from '../../core/cpu/decode/decoder.ts';
import { F_F64 } from '../../core/cpu/decode/opcode-table.ts';
import { FALLBACKS } from '../../core/cpu/opcodes.ts';
import { disassemble } from './disassemble.ts';
import {
  normalise as normalisePadding,
  objdumpLines,
  objdumpRawOutput,
} from './objdump-helpers.ts';
import { opcodeMaps } from './opcode-maps.ts';

/** Each case starts a slot this wide, padded with nops, so objdump resynchronises after it. */
const SLOT = 32;
const LEGACY_PREFIXES = [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3];
const STRING_OPS = /^(?:movs|stos|lods|ins|outs|cmps|scas)\b/;

/**
 * Every opcode pagescope's decoder accepts, under no prefix, 66, F3, F2 and REX.W, in a
 * register form and two memory forms, with filler bytes for immediates. Left out: the x87
 * escapes (their own test), the forms the decoder names by their encoding (`0f 01 /0`:
 * undefined, raising #UD), 66 on near branches (Intel ignores it; objdump decodes AMD's
 * 16-bit branch), 0F 0D /2-/7 (AMD's prefetch aliases; objdump names /2 Intel's
 * prefetchwt1), and F3 0F 09 (wbnoinvd, which pagescope runs as the wbinvd it is on CPUs
 * without it).
 */
function cases(): Uint8Array[] {
  const maps = opcodeMaps();
  const out: Uint8Array[] = [];
  const filler = [0x24, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99];
  for (const prefix of [[], [0x66], [0xf3], [0xf2], [0x48]])
    for (const escape of [[], [0x0f], [0x0f, 0x38], [0x0f, 0x3a]])
      for (let op = 0; op < 256; op++) {
        if (escape.length === 0 && (op === 0x0f || LEGACY_PREFIXES.includes(op))) continue;
        if (escape.length === 0 && ((op & 0xf0) === 0x40 || (op >= 0xd8 && op <= 0xdf))) continue;
        for (const modrm of [0xc1, 0x08, 0x54]) {
          const bytes = new Uint8Array([...prefix, ...escape, op, modrm, ...filler]);
          const i = decode(maps, FALLBACKS, 64, bytes, 0, bytes.length);
          if (!i || i.entry === FALLBACKS.invalid || i.entry === FALLBACKS.tooLong) continue;
          if (/[ /]/.test(i.entry.name) && !/ far$/.test(i.entry.name)) continue;
          if (prefix[0] === 0x66 && (i.entry.flags & F_F64) !== 0) continue;
          if (escape.length === 1 && op === 0x0d && ((modrm >> 3) & 7) >= 2) continue;
          if (escape.length === 1 && prefix[0] === 0xf3 && op === 0x09) continue;
          out.push(bytes.slice(0, i.len));
        }
      }
  return out;
}

/**
 * objdump's text with the prefixes it names on instructions that ignore them dropped too
 * (rep/repz/repnz outside string instructions, the HLE hints xacquire/xrelease), and its
 * FWORD for a ten-byte far pointer.
 */
function normalise(text: string): string {
  const t = normalisePadding(text.replace(/^(?:xacquire|xrelease) /, ''))
    // objdump calls lss/lfs/lgs's m16:64 (REX.W) an FWORD; it is ten bytes, a TBYTE.
    .replace(/^(l[sfg]s r\w+,)FWORD/, '$1TBYTE');
  const rep = /^(?:repz|repnz|rep) (.*)$/.exec(t);
  return rep && !STRING_OPS.test(rep[1]) ? rep[1] : t;
}

describe('disassembly of every opcode against objdump -M intel', () => {
  it('every_opcode_the_decoder_accepts_matches_objdump_where_both_decode_it', () => {
    const all = cases();
    const code = new Uint8Array(all.length * SLOT).fill(0x90);
    all.forEach((c, k) => code.set(c, k * SLOT));
    const theirs = new Map<number, { length: number; text: string }>();
    for (const l of objdumpLines(objdumpRawOutput(code)))
      if (l.address % SLOT === 0) theirs.set(l.address, l);
    const read = (a: bigint, n: number) => code.slice(Number(a), Number(a) + n);
    const mismatches: string[] = [];
    let compared = 0;
    all.forEach((c, k) => {
      const want = theirs.get(k * SLOT)!;
      // Encodings objdump does not know (or the CPU would not run): the core decides those.
      if (want.text.startsWith('(bad)') || want.length !== c.length) return;
      compared++;
      const [d] = disassemble(
        read,
        BigInt(k * SLOT),
        1,
        64,
        () => '',
        () => '',
      );
      const ours = d.operands ? `${d.mnemonic} ${d.operands}` : d.mnemonic;
      if (ours !== normalise(want.text)) {
        const hex = [...c].map((b) => b.toString(16).padStart(2, '0')).join(' ');
        mismatches.push(`${hex}: objdump '${normalise(want.text)}', pagescope '${ours}'`);
      }
    });
    expect(compared).toBeGreaterThan(4000);
    expect(mismatches).toEqual([]);
  });
});
