import { describe, expect, it } from 'vitest';
import { le32, PT, reg64, runCode } from '../../../../tests/system/bare.ts';
import type { Cpu } from '../cpu.ts';
import { GP, PF_VEC } from '../fault.ts';
import { CR4_PCIDE, CR4_PGE, PTE_G } from '../../mmu/paging-bits.ts';

// A data page X identity-mapped by the bare CPU, and frame Y its PTE is switched to.
const X = 0x200000;
const Y = 0x300000;
const PTE_X = PT + (X >>> 12) * 8;
const A = 0xaaaa;
const B = 0xbbbb;
const DESC = 0x210000;

const sib = (addr: number) => [0x25, ...le32(addr)];
const READ_RAX = [0x48, 0x8b, 0x04, ...sib(X)];
const READ_RBX = [0x48, 0x8b, 0x1c, ...sib(X)];
const READ_RCX = [0x48, 0x8b, 0x0c, ...sib(X)];
/** mov dword [PTE_X], Y | P | RW (| G): the kernel's PTE edit. */
const REMAP = (g = 0) => [0xc7, 0x04, ...sib(PTE_X), ...le32(Y | 3 | g)];
const INVLPG_X = [0x0f, 0x01, 0x3c, ...sib(X)];
const MOV_RDX_CR3 = [0x0f, 0x20, 0xda];
const MOV_CR3_RDX = [0x0f, 0x22, 0xda];
/** mov rsi, imm64; or rdx, rsi */
const OR_RDX = (lo: number, hi: number) => [0x48, 0xbe, ...le32(lo), ...le32(hi), 0x48, 0x09, 0xf2];

function pages(c: Cpu): void {
  c.mem.view.setUint32(X, A, true);
  c.mem.view.setUint32(Y, B, true);
}

/** rbx: X read after the PTE edit, before `flush`; rcx: X read after it. */
function staleThenFlushed(flush: number[], setup: (c: Cpu) => void = pages, g = 0) {
  const { cpu, fault } = runCode(
    [...READ_RAX, ...REMAP(g), ...READ_RBX, ...flush, ...READ_RCX],
    setup,
  );
  expect(fault).toBeNull();
  expect(reg64(cpu, 0)).toBe(BigInt(A));
  expect(reg64(cpu, 3)).toBe(BigInt(A));
  return reg64(cpu, 1);
}

describe('invlpg and CR3 loads against a stale translation', () => {
  it('keeps using the old mapping after a PTE edit until invlpg drops it', () => {
    expect(staleThenFlushed(INVLPG_X)).toBe(BigInt(B));
  });

  it('drops non-global translations on a CR3 load', () => {
    expect(staleThenFlushed([...MOV_RDX_CR3, ...MOV_CR3_RDX])).toBe(BigInt(B));
  });

  it('keeps global translations across a CR3 load with CR4.PGE', () => {
    const setup = (c: Cpu) => {
      pages(c);
      c.mem.view.setUint32(PTE_X, X | 3 | PTE_G, true);
      c.cr4 |= CR4_PGE;
    };
    expect(staleThenFlushed([...MOV_RDX_CR3, ...MOV_CR3_RDX], setup, PTE_G)).toBe(BigInt(A));
  });

  it('ignores the G bit without CR4.PGE', () => {
    const setup = (c: Cpu) => {
      pages(c);
      c.mem.view.setUint32(PTE_X, X | 3 | PTE_G, true);
    };
    expect(staleThenFlushed([...MOV_RDX_CR3, ...MOV_CR3_RDX], setup, PTE_G)).toBe(BigInt(B));
  });

  it('drops global translations when CR4.PGE is cleared', () => {
    const setup = (c: Cpu) => {
      pages(c);
      c.mem.view.setUint32(PTE_X, X | 3 | PTE_G, true);
      c.cr4 |= CR4_PGE;
    };
    // mov rdx, cr4; and edx, ~PGE; mov cr4, rdx
    const clearPge = [0x0f, 0x20, 0xe2, 0x81, 0xe2, ...le32(~CR4_PGE), 0x0f, 0x22, 0xe2];
    expect(staleThenFlushed(clearPge, setup, PTE_G)).toBe(BigInt(B));
  });
});

describe('CR3 loads with PCIDs', () => {
  const pcid = (c: Cpu) => {
    pages(c);
    c.cr4 |= CR4_PCIDE;
  };

  it('keeps the PCID’s translations when bit 63 is set, and does not store the bit', () => {
    const load = [...MOV_RDX_CR3, ...OR_RDX(0, 1 << 31), ...MOV_CR3_RDX];
    expect(staleThenFlushed(load, pcid)).toBe(BigInt(A));
    const { cpu } = runCode(load, pcid);
    expect(cpu.cr3[1]).toBe(0);
  });

  it('flushes them when bit 63 is clear', () => {
    expect(staleThenFlushed([...MOV_RDX_CR3, ...MOV_CR3_RDX], pcid)).toBe(BigInt(B));
  });

  it('does not let another PCID use them, even with bit 63 set', () => {
    const load = [...MOV_RDX_CR3, ...OR_RDX(1, 1 << 31), ...MOV_CR3_RDX];
    expect(staleThenFlushed(load, pcid)).toBe(BigInt(B));
  });
});

describe('invpcid', () => {
  /** invpcid rax, [rsi] with type in rax and the descriptor (pcid, address) at DESC. */
  const INVPCID = [0x66, 0x0f, 0x38, 0x82, 0x06];
  const desc =
    (type: number, pcidLo: number, addr: number, addrHi = 0) =>
    (c: Cpu) => {
      pages(c);
      c.gpr[0] = type;
      c.gpr[12] = DESC;
      c.mem.view.setUint32(DESC, pcidLo, true);
      c.mem.view.setUint32(DESC + 8, addr, true);
      c.mem.view.setUint32(DESC + 12, addrHi, true);
    };
  // mov rdx, type; invpcid rdx, [rsi] (rax and rbx hold reads of X).
  const withType = (type: number) => [
    0x48,
    0xc7,
    0xc2,
    ...le32(type),
    0x66,
    0x0f,
    0x38,
    0x82,
    0x16,
  ];

  it('drops one address with type 0', () => {
    expect(staleThenFlushed(withType(0), desc(0, 0, X))).toBe(BigInt(B));
  });

  it('drops non-global translations with types 1 and 3', () => {
    expect(staleThenFlushed(withType(1), desc(1, 0, 0))).toBe(BigInt(B));
    expect(staleThenFlushed(withType(3), desc(3, 0, 0))).toBe(BigInt(B));
  });

  it('drops global translations too with type 2', () => {
    const setup = (c: Cpu) => {
      desc(2, 0, 0)(c);
      c.mem.view.setUint32(PTE_X, X | 3 | PTE_G, true);
      c.cr4 |= CR4_PGE;
    };
    expect(staleThenFlushed(withType(2), setup, PTE_G)).toBe(BigInt(B));
  });

  const bad: [string, (c: Cpu) => void][] = [
    ['a type above 3', desc(4, 0, 0)],
    ['descriptor bits 63:12 set', desc(1, 0x1000, 0)],
    ['a PCID other than 0 without CR4.PCIDE', desc(0, 1, X)],
    ['a non-canonical address with type 0', desc(0, 0, 0, 0x01000000)],
  ];
  for (const [what, setup] of bad)
    it(`raises #GP(0) for ${what}`, () => {
      const { fault } = runCode(INVPCID, setup);
      expect(fault?.vector).toBe(GP);
      expect(fault?.errorCode).toBe(0);
    });

  it('accepts a 57-bit canonical address whatever CR4.LA57 says', () => {
    expect(runCode(INVPCID, desc(0, 0, 0, 0x00800000)).fault).toBeNull();
  });
});

describe('clflush', () => {
  // clflush [rbx]
  const CLFLUSH = [0x0f, 0xae, 0x3b];

  it('raises #PF like a read for an unmapped line, without reading it', () => {
    const { fault } = runCode(CLFLUSH, (c) => (c.gpr[6] = 0x40));
    expect(fault?.vector).toBe(PF_VEC);
    expect(fault?.errorCode).toBe(0);
  });

  it('raises #GP(0) for a non-canonical address', () => {
    const { fault } = runCode(CLFLUSH, (c) => (c.gpr[7] = 0x8000));
    expect(fault?.vector).toBe(GP);
  });

  it('accepts clflushopt (66 prefix) on a mapped line', () => {
    expect(runCode([0x66, ...CLFLUSH], (c) => (c.gpr[6] = X)).fault).toBeNull();
  });
});
