import { BASE_RIP, NO_REG } from '../../core/cpu/decode/insn.ts';
import type { Insn } from '../../core/cpu/decode/insn.ts';
import { gprName, segmentName, sizeKeyword } from './registers.ts';

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** A signed displacement as Intel syntax writes it after a register: `+0x8`, `-0x10`. */
function signedDisp(disp: number): string {
  return disp < 0 ? `-0x${(-disp).toString(16)}` : `+0x${disp.toString(16)}`;
}

/**
 * The memory operand of a decoded instruction, as objdump's Intel syntax spells it:
 * `DWORD PTR fs:[rax+rbx*4+0x8]`, `[rip+0x4ffa]`, `ds:0x1000` for an absolute address.
 * A displacement the encoding carries is always shown, even 0, so the text says which form
 * the bytes use. `rip` is the address after the instruction, for the target it refers to.
 */
export function memoryOperand(
  i: Insn,
  bytes: number,
  rip: bigint,
): { text: string; target: bigint | null } {
  const mod = i.modrm >= 0 ? i.modrm >> 6 : 0;
  const seg = i.segOverride ? `${segmentName(i.seg)}:` : '';
  const size = sizeKeyword(bytes);
  if (i.base === BASE_RIP) {
    const ripName = i.asize === 8 ? 'rip' : 'eip';
    const target = BigInt.asUintN(i.asize * 8, rip + BigInt(i.disp));
    return { text: `${size}${seg}[${ripName}${signedDisp(i.disp)}]`, target };
  }
  if (i.base === NO_REG && i.index === NO_REG) {
    // An absolute address: sign-extended to the address size, shown without brackets.
    const abs = BigInt.asUintN(i.asize * 8, BigInt(i.disp));
    return { text: `${size}${seg || 'ds:'}${hex(abs)}`, target: null };
  }
  const parts: string[] = [];
  if (i.base !== NO_REG) parts.push(gprName(i.base, i.asize));
  if (i.index !== NO_REG) parts.push(`${gprName(i.index, i.asize)}*${1 << i.scale}`);
  let text = parts.join('+');
  // mod 1 and 2 carry a displacement; so does a SIB form without a base (mod 0, base 5).
  if (mod === 1 || mod === 2 || i.base === NO_REG) text += signedDisp(i.disp);
  return { text: `${size}${seg}[${text}]`, target: null };
}
