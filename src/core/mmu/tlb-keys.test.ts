import { describe, expect, it } from 'vitest';
import { runCode } from '../../../tests/sse/bare.ts';
import { CODE_BASE } from '../../../tests/sse/case.ts';
import { mapOnly } from '../cpu/bare-cpu.ts';
import type { Cpu } from '../cpu/cpu.ts';
import { PF_VEC } from '../cpu/fault.ts';
import { pairToNumber } from '../pair.ts';
import {
  ACC_READ,
  CR0_WP,
  CR4_PKE,
  PFEC_P,
  PFEC_PK,
  PFEC_U,
  PFEC_W,
  PTE_A,
  PTE_D,
  PTE_P,
  PTE_RW,
  PTE_US,
} from './paging-bits.ts';
import { tlbIndex } from './tlb.ts';
import { walk, WalkResult } from './walker.ts';
import type { WalkStep } from './walker.ts';

// Protection keys and the TLB: an entry keeps its page's key, PKRU is applied to that key at
// every access, and WRPKRU or a change of CR4.PKE recomputes the rights of the entries without
// dropping any (SDM Vol. 3A 4.6.2, 4.10.2.2; WRPKRU does not invalidate TLBs).

const DATA = 0x200000;
const OTHER = 0x300000;
const KEY = 3;
const AD = 1 << (2 * KEY);
const WD = 2 << (2 * KEY);

const imm = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
const READ = [0x8b, 0x03]; // mov eax, [rbx]
const WRITE = [0x89, 0x0b]; // mov [rbx], ecx
const WRPKRU = (v: number) => [0xb8, ...imm(v), 0x31, 0xc9, 0x31, 0xd2, 0x0f, 0x01, 0xef];
const PTE_HI = (v: number) => [0xc7, 0x46, 0x04, ...imm(v)]; // mov dword [rsi+4], v
const PTE_LO = (v: number) => [0xc7, 0x06, ...imm(v)]; // mov dword [rsi], v
const CR4_OR = (v: number) => [0x0f, 0x20, 0xe0, 0x0d, ...imm(v), 0x0f, 0x22, 0xe0];
const CR4_AND = (v: number) => [0x0f, 0x20, 0xe0, 0x25, ...imm(v), 0x0f, 0x22, 0xe0];

/** The physical address of the PTE mapping `va` in the bare CPU's identity map. */
function pteOf(c: Cpu, va: number): number {
  const trace: WalkStep[] = [];
  const cr3 = pairToNumber(c.cr3[0], c.cr3[1]);
  walk(c, c.mem, cr3, va, 0, ACC_READ, 0, false, new WalkResult(), trace);
  return trace[trace.length - 1].entryAddr;
}

/**
 * User pages for code, data (key KEY) and another frame, and the page table that maps them
 * (the code edits it); RBX = DATA, RSI = DATA's PTE, CR4.PKE set, PKRU 0.
 */
function setup(extra: (c: Cpu) => void = () => {}) {
  return (c: Cpu) => {
    const pte = pteOf(c, DATA);
    const pages = [CODE_BASE, DATA, OTHER, pte & ~0xfff];
    mapOnly(
      c.mem,
      pages.map((p): [number, number] => [p, p + 0x1000]),
      true,
    );
    c.mem.write(DATA, 4, 0x11111111);
    c.mem.write(OTHER, 4, 0x22222222);
    c.mem.write(pte + 4, 4, KEY << 27);
    c.gpr[6] = DATA;
    c.gpr[12] = pte;
    c.cr4 |= CR4_PKE;
    extra(c);
  };
}

const held = (c: Cpu, va: number) => c.tlb.tagLo[tlbIndex(va, 0)] === va;

describe('protection keys in the TLB', () => {
  it('WRPKRU takes rights away from a cached entry and gives them back without a flush', () => {
    // Fill, remap the page to OTHER without invlpg, then AD: the read faults. AD off again:
    // the stale entry still reads the old frame, so nothing dropped it.
    const code = [
      ...READ,
      ...PTE_LO(OTHER | PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D),
      ...WRPKRU(AD),
      ...READ,
    ];
    const { cpu, fault } = runCode(code, setup());
    expect(fault).toEqual({ vector: PF_VEC, errorCode: PFEC_P | PFEC_PK });
    expect(held(cpu, DATA)).toBe(true);
    const again = runCode([...code.slice(0, code.length - 2), ...WRPKRU(0), ...READ], setup());
    expect(again.fault).toBeNull();
    expect(again.cpu.gpr[0]).toBe(0x11111111);
  });

  it('faults on the key the entry holds, not on a key edited into the PTE since', () => {
    const code = [...READ, ...PTE_HI(0), ...WRPKRU(AD), ...READ];
    const { cpu, fault } = runCode(code, setup());
    expect(fault).toEqual({ vector: PF_VEC, errorCode: PFEC_P | PFEC_PK });
    expect(cpu.rip[0]).toBe(CODE_BASE + code.length - READ.length);
  });

  it('AD blocks reads but not instruction fetches from the keyed page', () => {
    const ran = runCode(
      [...READ],
      setup((c) => {
        c.mem.write(pteOf(c, CODE_BASE) + 4, 4, KEY << 27);
        c.pkru = AD;
      }),
    );
    expect(ran.fault).toEqual({ vector: PF_VEC, errorCode: PFEC_P | PFEC_PK });
    expect(ran.cpu.rip[0]).toBe(CODE_BASE);
  });

  it('WD stops supervisor writes through a cached writable entry with CR0.WP = 1 only', () => {
    const code = [...WRITE, ...WRPKRU(WD), ...WRITE];
    const wp = runCode(code, setup());
    expect(wp.fault).toEqual({ vector: PF_VEC, errorCode: PFEC_P | PFEC_W | PFEC_PK });
    const noWp = runCode(
      code,
      setup((c) => (c.cr0 &= ~CR0_WP)),
    );
    expect(noWp.fault).toBeNull();
    expect(noWp.cpu.halted).toBe(true);
  });

  it('WD stops user writes and reports U/S and PK', () => {
    const { fault } = runCode(
      [...WRITE],
      setup((c) => {
        c.pkru = WD;
        c.cpl = 3;
        c.updateAccessRights();
      }),
    );
    expect(fault).toEqual({ vector: PF_VEC, errorCode: PFEC_P | PFEC_W | PFEC_U | PFEC_PK });
  });

  it('setting and clearing CR4.PKE applies and lifts PKRU on cached entries', () => {
    const start = (c: Cpu) => ((c.cr4 &= ~CR4_PKE), (c.pkru = AD));
    const on = runCode([...READ, ...CR4_OR(CR4_PKE), ...READ], setup(start));
    expect(on.fault).toEqual({ vector: PF_VEC, errorCode: PFEC_P | PFEC_PK });
    expect(held(on.cpu, DATA)).toBe(true);
    const off = runCode(
      [...READ, ...CR4_AND(~CR4_PKE), ...READ],
      setup((c) => (c.pkru = AD)),
    );
    expect(off.fault).toEqual({ vector: PF_VEC, errorCode: PFEC_P | PFEC_PK });
    expect(off.cpu.rip[0]).toBe(CODE_BASE);
  });

  it('applies keys to implicit supervisor accesses: a GDT read through a user page', () => {
    // mov eax, 0x10; mov ds, ax: the descriptor load reads the GDT, which sits on DATA.
    const code = [0xb8, 0x10, 0, 0, 0, 0x8e, 0xd8];
    const gdtOnData = (pkru: number) =>
      setup((c) => {
        c.mem.write(DATA + 0x10, 4, 0x0000ffff);
        c.mem.write(DATA + 0x14, 4, 0x00cf9300);
        c.gdtr[0] = DATA;
        c.gdtr[2] = 0x17;
        c.pkru = pkru;
      });
    const denied = runCode(code, gdtOnData(AD));
    expect(denied.fault).toEqual({ vector: PF_VEC, errorCode: PFEC_P | PFEC_PK });
    expect(runCode(code, gdtOnData(WD)).fault).toBeNull();
  });
});
