import { describe, expect, it } from 'vitest';
import { bare, exec, le32, reg64, runCode } from '../../../../tests/system/bare.ts';
import type { Cpu } from '../cpu.ts';
import { DB, GP, UD } from '../fault.ts';
import { buildMaps } from '../opcodes.ts';
import { CS } from '../registers.ts';
import {
  CR0_PE,
  CR0_PG,
  CR4_LA57,
  CR4_PAE,
  CR4_PCIDE,
  CR4_PGE,
  EFER_LMA,
  EFER_LME,
} from '../../mmu/paging-bits.ts';
import { CR0_ET, CR0_TS, CR4_DE } from './control-regs.ts';

// mov r32/r64, CRn is 0F 20 /r and mov CRn, r is 0F 22 /r with ModRM = C0 | n << 3 | r.
const MOV_EAX_CR0 = [0x0f, 0x20, 0xc0];
const MOV_CR0_EAX = [0x0f, 0x22, 0xc0];
const MOV_CR3_EAX = [0x0f, 0x22, 0xd8];
const MOV_EAX_CR4 = [0x0f, 0x20, 0xe0];
const MOV_CR4_EAX = [0x0f, 0x22, 0xe0];
const MOV_EAX = (v: number) => [0xb8, ...le32(v)];
const OR_EAX = (v: number) => [0x0d, ...le32(v)];
const AND_EAX = (v: number) => [0x25, ...le32(v)];
const ATTR_L = 1 << 21;

const none = () => {};

/** Expects #GP(0) and that the control registers kept their values. */
function expectGp(code: number[], setup: (c: Cpu) => void = none, mode: 64 | 32 = 32): void {
  const before = bare(mode);
  setup(before.cpu);
  const ran = exec(bare(mode), code, setup);
  expect(ran.fault?.vector).toBe(GP);
  expect(ran.fault?.errorCode).toBe(0);
  expect(ran.cpu.cr0).toBe(before.cpu.cr0);
  expect(ran.cpu.cr4).toBe(before.cpu.cr4);
  expect(ran.cpu.efer).toBe(before.cpu.efer);
  expect([...ran.cpu.cr3]).toEqual([...before.cpu.cr3]);
}

/** A 4-level identity map of the first GiB in 2 MiB pages, at 0x10000, for 32-bit tests. */
function identityMap2M(c: Cpu): void {
  const v = c.mem.view;
  v.setUint32(0x10000, 0x11000 | 3, true);
  v.setUint32(0x11000, 0x12000 | 3, true);
  for (let k = 0; k < 512; k++) v.setUint32(0x12000 + 8 * k, (k << 21) | 0x83, true);
}

const ENTER_LONG_MODE = [
  ...MOV_EAX_CR4,
  ...OR_EAX(CR4_PAE),
  ...MOV_CR4_EAX,
  ...MOV_EAX(0x10000),
  ...MOV_CR3_EAX,
  ...[0xb9, ...le32(0xc0000080)], // mov ecx, IA32_EFER
  ...[0x0f, 0x32], // rdmsr
  ...OR_EAX(EFER_LME),
  ...[0x0f, 0x30], // wrmsr
  ...MOV_EAX_CR0,
  ...OR_EAX(CR0_PG),
  ...MOV_CR0_EAX,
];

describe('long mode activation', () => {
  it('sets EFER.LMA when a 32-bit kernel enables PAE, loads CR3, sets LME, then CR0.PG', () => {
    const { cpu, fault } = runCode(ENTER_LONG_MODE, identityMap2M, 32);
    expect(fault).toBeNull();
    expect(cpu.efer & (EFER_LME | EFER_LMA)).toBe(EFER_LME | EFER_LMA);
    expect(cpu.cr0 & CR0_PG).toBe(CR0_PG);
    // Still a 32-bit code segment: compatibility mode until a far jump loads a 64-bit CS.
    expect(cpu.mode).toBe(32);
    expect(cpu.cr3[0]).toBe(0x10000);
  });

  const farJumpWired = buildMaps().one[0xea] !== undefined;
  it.skipIf(!farJumpWired)('reaches 64-bit mode with the far jump that follows', () => {
    const target = 0x100000 + ENTER_LONG_MODE.length + 7;
    const code = [
      ...ENTER_LONG_MODE,
      ...[0xea, ...le32(target), 0x08, 0x00], // jmp 0x08:target
      ...[0x48, 0xb8, ...le32(0x89abcdef), ...le32(0x01234567)], // mov rax, imm64
    ];
    const { cpu, fault } = runCode(
      code,
      (c) => {
        identityMap2M(c);
        c.mem.view.setBigUint64(0x8008, 0x00209a0000000000n, true);
        c.gdtr[0] = 0x8000;
        c.gdtr[2] = 0x0f;
      },
      32,
    );
    expect(fault).toBeNull();
    expect(cpu.mode).toBe(64);
    expect(reg64(cpu, 0)).toBe(0x0123456789abcdefn);
  });

  it('leaves long mode when compatibility-mode code clears CR0.PG', () => {
    const ran = runCode(ENTER_LONG_MODE, identityMap2M, 32);
    exec(ran, [...MOV_EAX_CR0, ...AND_EAX(0x7fffffff), ...MOV_CR0_EAX]);
    expect(ran.fault).toBeNull();
    expect(ran.cpu.efer & (EFER_LME | EFER_LMA)).toBe(EFER_LME);
  });
});

describe('mov to CR0', () => {
  it('raises #GP(0) for PG without PE', () => expectGp([...MOV_EAX(CR0_PG), ...MOV_CR0_EAX]));

  it('raises #GP(0) for NW without CD', () =>
    expectGp([...MOV_EAX(CR0_PE | (1 << 29)), ...MOV_CR0_EAX]));

  it('raises #GP(0) for PG with EFER.LME while CR4.PAE is clear', () =>
    expectGp([...MOV_EAX(CR0_PG | CR0_PE), ...MOV_CR0_EAX], (c) => (c.efer = EFER_LME)));

  it('raises #GP(0) for PG with EFER.LME while CS.L is set', () =>
    expectGp([...MOV_EAX(CR0_PG | CR0_PE), ...MOV_CR0_EAX], (c) => {
      c.efer = EFER_LME;
      c.cr4 = CR4_PAE;
      c.segAttr[CS] |= ATTR_L;
    }));

  it('raises #GP(0) for clearing PG in 64-bit mode', () =>
    expectGp([...MOV_EAX_CR0, ...AND_EAX(0x7fffffff), ...MOV_CR0_EAX], none, 64));

  it('raises #GP(0) for bits 63:32 in 64-bit mode', () =>
    expectGp(MOV_CR0_EAX, (c) => ((c.gpr[0] = c.cr0), (c.gpr[1] = 1)), 64));

  it('raises #GP(0) for clearing PG in compatibility mode while CR4.PCIDE is set', () =>
    expectGp([...MOV_EAX_CR0, ...AND_EAX(0x7fffffff), ...MOV_CR0_EAX], toCompatWithPcid, 64));

  it('keeps ET set and drops reserved bits', () => {
    const { cpu } = runCode([...MOV_EAX(CR0_PE | 0x100), ...MOV_CR0_EAX], undefined, 32);
    expect(cpu.cr0).toBe(CR0_PE | CR0_ET);
  });
});

/** A 64-bit bare CPU switched to a 32-bit code segment (compatibility mode) with PCIDE. */
function toCompatWithPcid(c: Cpu): void {
  c.segAttr[CS] = 0xc09b00;
  c.updateMode();
  c.cr4 |= CR4_PCIDE;
}

describe('mov to CR4', () => {
  it('raises #GP(0) for a bit the CPU lacks (OSXSAVE)', () =>
    expectGp([...MOV_EAX(1 << 18), ...MOV_CR4_EAX]));

  it('raises #GP(0) for clearing PAE in long mode', () =>
    expectGp([...MOV_EAX_CR4, ...AND_EAX(~CR4_PAE), ...MOV_CR4_EAX], none, 64));

  it('raises #GP(0) for changing LA57 in long mode', () =>
    expectGp([...MOV_EAX_CR4, ...OR_EAX(CR4_LA57), ...MOV_CR4_EAX], none, 64));

  it('raises #GP(0) for setting PCIDE outside long mode', () =>
    expectGp([...MOV_EAX(CR4_PCIDE), ...MOV_CR4_EAX]));

  it('raises #GP(0) for setting PCIDE while CR3[11:0] is not zero', () =>
    expectGp([...MOV_EAX_CR4, ...OR_EAX(CR4_PCIDE), ...MOV_CR4_EAX], (c) => (c.cr3[0] |= 8), 64));

  it('sets PCIDE in long mode with CR3[11:0] zero', () => {
    const { cpu, fault } = runCode([...MOV_EAX_CR4, ...OR_EAX(CR4_PCIDE), ...MOV_CR4_EAX]);
    expect(fault).toBeNull();
    expect(cpu.cr4 & CR4_PCIDE).toBe(CR4_PCIDE);
  });
});

/** PAE paging with an identity-mapped first 2 MiB: PDPT at 0x20000, PD at 0x21000. */
function paePaging(c: Cpu): void {
  const v = c.mem.view;
  v.setUint32(0x20000, 0x21000 | 1, true);
  v.setUint32(0x21000, 0x83, true);
  c.cr4 = CR4_PAE;
  c.cr3[0] = 0x20000;
  c.cr0 |= CR0_PG;
}

describe('mov to CR3', () => {
  it('raises #GP(0) for an address bit at or above MAXPHYADDR (40)', () =>
    expectGp(MOV_CR3_EAX, (c) => ((c.gpr[0] = 0x1000), (c.gpr[1] = 1 << 8)), 64));

  it('raises #GP(0) for bit 63 without CR4.PCIDE', () =>
    expectGp(MOV_CR3_EAX, (c) => ((c.gpr[0] = 0x1000), (c.gpr[1] = 1 << 31)), 64));

  it('raises #GP(0) under PAE paging when a present PDPTE has a reserved bit', () =>
    expectGp([...MOV_EAX(0x22000), ...MOV_CR3_EAX], (c) => {
      paePaging(c);
      c.mem.view.setUint32(0x22008, 0x21000 | 3, true); // R/W is reserved in a PDPTE
    }));

  it('loads valid PDPTEs under PAE paging', () => {
    const { cpu, fault } = runCode(
      [...MOV_EAX(0x22000), ...MOV_CR3_EAX],
      (c) => {
        paePaging(c);
        c.mem.view.setUint32(0x22000, 0x21000 | 1, true);
        c.mem.view.setUint32(0x22008, 0x3 << 1, true); // not present: bits ignored
      },
      32,
    );
    expect(fault).toBeNull();
    expect(cpu.cr3[0]).toBe(0x22000);
  });

  it('makes mov to CR4 reload the PDPTEs under PAE paging when PGE changes', () =>
    expectGp([...MOV_EAX(CR4_PAE | CR4_PGE), ...MOV_CR4_EAX], (c) => {
      paePaging(c);
      c.mem.view.setUint32(0x20018, 0x21000 | 0x21, true); // bit 5 is reserved too
    }));
});

describe('CR2 and CR8', () => {
  it('moves 64-bit values through CR2', () => {
    const { cpu } = runCode([0x0f, 0x22, 0xd0, 0x0f, 0x20, 0xd3], (c) => {
      c.gpr[0] = 0x1234;
      c.gpr[1] = -0x10000;
    });
    expect(reg64(cpu, 3)).toBe(0xffff000000001234n);
  });

  it('keeps the task priority in CR8 and rejects bits above 3', () => {
    // mov cr8, rax; mov rcx, cr8
    const code = [0x44, 0x0f, 0x22, 0xc0, 0x44, 0x0f, 0x20, 0xc1];
    const ok = runCode(code, (c) => (c.gpr[0] = 5));
    expect(ok.cpu.cr8).toBe(5);
    expect(reg64(ok.cpu, 1)).toBe(5n);
    expectGp(code.slice(0, 4), (c) => (c.gpr[0] = 0x10), 64);
  });
});

describe('privilege and undefined registers', () => {
  const atCpl3 = (c: Cpu) => {
    c.cpl = 3;
    c.updateAccessRights();
  };
  const privileged: [string, number[]][] = [
    ['mov eax, cr0', MOV_EAX_CR0],
    ['mov cr0, eax', MOV_CR0_EAX],
    ['mov eax, dr7', [0x0f, 0x21, 0xf8]],
    ['mov dr7, eax', [0x0f, 0x23, 0xf8]],
    ['clts', [0x0f, 0x06]],
    ['lmsw ax', [0x0f, 0x01, 0xf0]],
    ['invlpg [eax]', [0x0f, 0x01, 0x38]],
    ['wbinvd', [0x0f, 0x09]],
    ['invd', [0x0f, 0x08]],
    ['rdmsr', [0x0f, 0x32]],
    ['wrmsr', [0x0f, 0x30]],
    ['invpcid eax, [eax]', [0x66, 0x0f, 0x38, 0x82, 0x00]],
  ];
  for (const [name, code] of privileged)
    it(`raises #GP(0) for ${name} at CPL 3`, () => expectGp(code, atCpl3));

  it('lets CPL 3 run smsw, cpuid, rdtsc, lfence and clflush', () => {
    const code = [0x0f, 0x01, 0xe0, 0x0f, 0xa2, 0x0f, 0x31, 0x0f, 0xae, 0xe8, 0x0f, 0xae, 0x3b];
    const { fault } = runCode(code, (c) => (atCpl3(c), (c.gpr[6] = 0x200000)), 32);
    expect(fault).toBeNull();
  });

  it('raises #UD for CR1, CR5 and (64-bit) DR8', () => {
    for (const code of [
      [0x0f, 0x20, 0xc8],
      [0x0f, 0x22, 0xe8],
    ])
      expect(runCode(code, undefined, 32).fault?.vector).toBe(UD);
    expect(runCode([0x44, 0x0f, 0x21, 0xc0]).fault?.vector).toBe(UD);
  });
});

describe('debug registers', () => {
  it('aliases DR4/DR5 to DR6/DR7 without CR4.DE and reads their fixed bits', () => {
    // mov eax, dr4; mov dr5, ecx; mov edx, dr7
    const code = [0x0f, 0x21, 0xe0, 0x0f, 0x23, 0xe9, 0x0f, 0x21, 0xfa];
    const { cpu, fault } = runCode(code, (c) => (c.gpr[2] = 0x3), 32);
    expect(fault).toBeNull();
    expect(cpu.gpr[0] >>> 0).toBe(0xffff0ff0);
    expect(cpu.gpr[4]).toBe(0x403);
  });

  it('raises #UD for DR4 with CR4.DE', () => {
    const { fault } = runCode([0x0f, 0x21, 0xe0], (c) => (c.cr4 |= CR4_DE), 32);
    expect(fault?.vector).toBe(UD);
  });

  it('turns any access into #DB with DR6.BD while DR7.GD is set, clearing GD', () => {
    const { cpu, fault } = runCode([0x0f, 0x21, 0xc0], (c) => (c.dr[14] = 1 << 13), 32);
    expect(fault?.vector).toBe(DB);
    expect(cpu.dr[12] & (1 << 13)).not.toBe(0);
    expect(cpu.dr[14] & (1 << 13)).toBe(0);
  });

  it('keeps 64-bit breakpoint addresses and rejects DR7 bits above 31', () => {
    // mov dr0, rax; mov rbx, dr0
    const { cpu } = runCode([0x0f, 0x23, 0xc0, 0x0f, 0x21, 0xc3], (c) => {
      c.gpr[0] = 0x1000;
      c.gpr[1] = -1;
    });
    expect(reg64(cpu, 3)).toBe(0xffffffff00001000n);
    expectGp([0x0f, 0x23, 0xf8], (c) => (c.gpr[1] = 1), 64);
  });
});

describe('clts, lmsw, smsw', () => {
  it('clears CR0.TS with clts', () => {
    const { cpu } = runCode([0x0f, 0x06], (c) => (c.cr0 |= CR0_TS), 32);
    expect(cpu.cr0 & CR0_TS).toBe(0);
  });

  it('enters protected mode with lmsw from real mode', () => {
    // mov ax, 1; lmsw ax (16-bit code)
    const { cpu, fault } = runCode(
      [0xb8, 0x01, 0x00, 0x0f, 0x01, 0xf0],
      (c) => {
        c.cr0 = CR0_ET;
        c.updateMode();
      },
      32,
    );
    expect(fault).toBeNull();
    expect(cpu.cr0 & CR0_PE).toBe(CR0_PE);
    expect(cpu.mode).toBe(32);
  });

  it('cannot clear PE with lmsw but loads MP, EM and TS', () => {
    const { cpu } = runCode([...MOV_EAX(0xe), 0x0f, 0x01, 0xf0], undefined, 32);
    expect(cpu.cr0 & 0xf).toBe(0xf);
  });

  it('stores all of CR0 to a 32-bit register and its low word to memory', () => {
    // smsw eax; smsw [0x200000]
    const code = [0x0f, 0x01, 0xe0, 0x0f, 0x01, 0x25, ...le32(0x200000)];
    const { cpu } = runCode(code, (c) => (c.cr0 |= 1 << 18), 32);
    expect(cpu.gpr[0]).toBe(cpu.cr0);
    expect(cpu.mem.view.getUint32(0x200000, true)).toBe(cpu.cr0 & 0xffff);
  });
});
