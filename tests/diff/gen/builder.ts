// Builds one case: random values in all sixteen registers and the flags (so the comparison
// covers registers an instruction must leave alone), then the operands a generator asks for.
import { CASE_FLAGS, CODE_BASE, DATA_BASE, DATA_SIZE } from '../case.ts';
import type { DiffCase, Patch } from '../case.ts';
import { formatInstr } from '../encode/format.ts';
import { encode } from '../encode/instr.ts';
import type { InstrSpec } from '../encode/instr.ts';
import type { Mem, Operand, Reg } from '../encode/operands.ts';
import { highByte, reg } from '../encode/operands.ts';
import type { Rng } from '../prng.ts';
import { mask } from '../values.ts';
import type { Width } from '../values.ts';

export const RSP = 4;

const PREFIX_NAMES: Record<number, string> = {
  0xf0: 'lock',
  0xf2: 'repne',
  0xf3: 'rep',
  0x26: 'es',
  0x2e: 'cs',
  0x36: 'ss',
  0x3e: 'ds',
  0x66: 'data16',
  0x67: 'addr32',
};

export interface MemOptions {
  /** Byte offset in the data window; random when absent. */
  offset?: number;
  /** Bytes to place at the operand (little endian), or nothing to keep the background. */
  value?: bigint;
  /** Access size in bytes; width / 8 when absent. */
  size?: number;
  /** Registers the address may not use (implicit operands of the instruction). */
  exclude?: readonly number[];
}

export class CaseBuilder {
  readonly gpr: bigint[];
  rflags: bigint;
  /** Without REX (so AH..BH are usable) every register must be one of the first eight. */
  readonly legacyBytes: boolean;
  private readonly fillSeed: number;
  private readonly patches: Patch[] = [];
  private readonly valueRegs = new Set<number>();
  private readonly addressRegs = new Set<number>();
  private readonly ripTargets = new Map<Mem, number>();
  private readonly code: number[] = [];
  private readonly text: string[] = [];

  constructor(
    readonly rng: Rng,
    readonly family: string,
    opts: { legacyBytes?: boolean } = {},
  ) {
    this.gpr = Array.from({ length: 16 }, () => rng.next64());
    this.rflags = rng.next64() & CASE_FLAGS;
    this.fillSeed = rng.int(0x1_0000_0000);
    this.legacyBytes = opts.legacyBytes ?? false;
  }

  /** A register for a value operand. Values may alias each other (add eax, eax is a fine test)
   *  but never an address register. */
  reg(width: Width, exclude: readonly number[] = []): Reg {
    const limit = this.legacyBytes ? 8 : 16;
    const candidates: Reg[] = [];
    for (let n = 0; n < limit; n++) {
      if (this.addressRegs.has(n) || exclude.includes(n)) continue;
      if (width === 8 && this.legacyBytes && n >= 4) continue;
      candidates.push(reg(n, width));
    }
    if (width === 8 && this.legacyBytes) {
      for (let n = 0; n < 4; n++) {
        if (!this.addressRegs.has(n) && !exclude.includes(n)) candidates.push(highByte(n));
      }
    }
    return this.rng.pick(candidates);
  }

  /** Write `value` into the bits `r` names, leaving the rest of the register as it was. */
  set(r: Reg, value: bigint): void {
    const shift = r.high ? 8n : 0n;
    const m = mask(r.width) << shift;
    this.gpr[r.num] = (this.gpr[r.num]! & ~m) | ((value << shift) & m);
    this.valueRegs.add(r.num);
  }

  /** Mark a register whose random value the case relies on, so reports show it. */
  involve(num: number): void {
    this.valueRegs.add(num);
  }

  setFull(num: number, value: bigint): void {
    this.set(reg(num, 64), value);
  }

  setFlag(flag: bigint, on: boolean): void {
    this.rflags = on ? this.rflags | flag : this.rflags & ~flag;
  }

  patch(offset: number, value: bigint, size: number): void {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = Number((value >> BigInt(8 * i)) & 0xffn);
    this.patches.push({ offset, bytes });
  }

  /** A memory operand at a data-window offset, reached through a random addressing form whose
   *  registers are given values that add up to the target. */
  mem(width: Width | 128, opts: MemOptions = {}): Mem {
    const size = opts.size ?? width / 8;
    const offset = opts.offset ?? 0x40 + this.rng.int(DATA_SIZE - 0x80 - size);
    if (opts.value !== undefined) this.patch(offset, opts.value, size);
    const target = BigInt(DATA_BASE + offset);
    const free = this.freeAddressRegs(opts.exclude ?? []);
    const form = this.rng.int(8);
    const addr32 = this.rng.chance(0.15);
    if (form === 6) {
      return {
        kind: 'mem',
        width,
        base: null,
        index: null,
        scale: 1,
        disp: Number(target),
        addr32,
      };
    }
    if (form === 7) {
      // emit() sets the displacement once it knows where the instruction ends.
      const m: Mem = { kind: 'mem', width, base: null, index: null, scale: 1, disp: 0, rip: true };
      this.ripTargets.set(m, Number(target));
      return m;
    }
    const addrMask = mask(addr32 ? 32 : 64);
    const base = form === 5 ? null : this.rng.pick(free);
    const index = form >= 3 ? this.rng.pick(free.filter((n) => n !== base && n !== RSP)) : null;
    const scale = this.rng.pick([1, 2, 4, 8] as const);
    let disp = [0, 0, 0, this.rng.int(256) - 128, this.rng.int(0x10000) - 0x8000][this.rng.int(5)]!;
    if (form === 0) disp = 0;
    let rest = target - BigInt(disp);
    if (index !== null) {
      // A huge index makes the sum wrap, which tests the address arithmetic itself; without a
      // base only a 32-bit address can absorb it in the displacement.
      const huge = (addr32 || base !== null) && this.rng.chance(0.5);
      const indexValue = huge ? this.rng.next64() : BigInt(this.rng.int(64));
      this.claimAddress(index, indexValue, addr32);
      rest -= (indexValue & addrMask) * BigInt(scale);
    }
    if (base === null) {
      disp = Number(BigInt.asIntN(32, rest + BigInt(disp)));
      return { kind: 'mem', width, base, index, scale, disp, addr32 };
    }
    this.claimAddress(base, rest & addrMask, addr32);
    const m: Mem = { kind: 'mem', width, base, index, scale, disp, addr32 };
    if (form === 1) m.dispSize = 32;
    if (form === 2) m.forceSib = true;
    return m;
  }

  /** Append one instruction; its text goes to the case's description. */
  emit(mnemonic: string, ops: Operand[], spec: InstrSpec): void {
    const rm = spec.rm;
    const target = rm?.kind === 'mem' ? this.ripTargets.get(rm) : undefined;
    if (rm?.kind === 'mem' && target !== undefined) {
      // disp counts from the end of this instruction, whose length disp32 does not change.
      rm.disp = target - (CODE_BASE + this.code.length + encode(spec).length);
    }
    this.code.push(...encode(spec));
    const prefixText = (spec.prefixes ?? []).map(
      (p) => PREFIX_NAMES[p] ?? `db 0x${p.toString(16)}`,
    );
    this.text.push(formatInstr(prefixText, mnemonic, ops));
  }

  /** Raw bytes (odd encodings a spec cannot express), with their text. */
  emitBytes(bytes: readonly number[], text: string): void {
    this.code.push(...bytes);
    this.text.push(text);
  }

  build(): DiffCase {
    return {
      family: this.family,
      text: this.text.join('; '),
      code: Uint8Array.from(this.code),
      gpr: [...this.gpr],
      rflags: this.rflags,
      fillSeed: this.fillSeed,
      patches: this.patches,
      involved: [...new Set([...this.valueRegs, ...this.addressRegs])].sort((a, b) => a - b),
    };
  }

  private freeAddressRegs(exclude: readonly number[]): number[] {
    const limit = this.legacyBytes ? 8 : 16;
    const free: number[] = [];
    for (let n = 0; n < limit; n++) {
      if (!this.valueRegs.has(n) && !this.addressRegs.has(n) && !exclude.includes(n)) free.push(n);
    }
    return free;
  }

  private claimAddress(num: number, value: bigint, addr32: boolean): void {
    // With a 67 prefix only the low half takes part, so the high half stays random.
    this.gpr[num] = addr32 ? (this.gpr[num]! & ~mask(32)) | (value & mask(32)) : value;
    this.addressRegs.add(num);
  }
}
