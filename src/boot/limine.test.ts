import { describe, expect, it } from 'vitest';
import { CS, DS, SS } from '../core/cpu/registers.ts';
import { planBoot } from './index.ts';
import { buildElf } from './test-helpers/elf-builder.ts';
import type { SegmentSpec } from './test-helpers/elf-builder.ts';
import { baseRevisionTag, concat, u64s } from './test-helpers/headers.ts';
import { DATA_BASE, KERNEL_BASE, limineKernel, response } from './test-helpers/limine-kernel.ts';
import { boot } from './test-helpers/machine.ts';

const HHDM = 0xffff800000000000n;

describe('Limine: machine state at entry', () => {
  it('enters long mode with the control registers, selectors and PAT the protocol names', () => {
    const { cpu, plan } = boot(limineKernel({ revision: 2n }).image);
    expect(plan.protocol).toBe('limine');
    expect(cpu.mode).toBe(64);
    expect(cpu.cr0 >>> 0).toBe(0x80010011);
    expect(cpu.cr4).toBe(0x20);
    expect(cpu.efer).toBe(0xd00);
    expect(cpu.flags).toBe(0x2);
    expect([cpu.segSel[CS], cpu.segAttr[CS]]).toEqual([0x28, 0x209b00]);
    expect([cpu.segSel[SS], cpu.segSel[DS], cpu.segAttr[DS]]).toEqual([0x30, 0x30, 0x9300]);
    expect(plan.msrs).toEqual([{ index: 0x277, value: 0x0000010500070406n }]);
    const gprs = [...cpu.gpr].filter((_, i) => i !== 8 && i !== 9);
    expect(gprs.every((v) => v === 0)).toBe(true);
    expect(cpu.rip[1] >>> 0).toBe(0xffffffff);
    expect(cpu.rip[0] >>> 0).toBe(0x80000000);
  });

  it('points GDTR at an HHDM copy of Limine seven-entry GDT', () => {
    const { cpu, ram } = boot(limineKernel({ revision: 2n }).image);
    const base = (BigInt(cpu.gdtr[1] >>> 0) << 32n) | BigInt(cpu.gdtr[0] >>> 0);
    expect(base >= HHDM && base < HHDM + (1n << 32n)).toBe(true);
    expect(cpu.gdtr[2]).toBe(55);
    const gdt = Array.from({ length: 7 }, (_, i) => ram.v64(base + BigInt(i) * 8n));
    expect(gdt).toEqual([
      0n,
      0x00009b000000ffffn,
      0x000093000000ffffn,
      0x00cf9b000000ffffn,
      0x00cf93000000ffffn,
      0x00209b0000000000n,
      0x0000930000000000n,
    ]);
  });

  it('gives a 64 KiB stack in the HHDM with a zero return address pushed', () => {
    const { cpu, ram, plan } = boot(limineKernel({ revision: 3n }).image);
    const rsp = (BigInt(cpu.gpr[9] >>> 0) << 32n) | BigInt(cpu.gpr[8] >>> 0);
    expect(rsp >> 44n).toBe(HHDM >> 44n);
    expect(rsp % 16n).toBe(8n);
    expect(ram.v64(rsp)).toBe(0n);
    const stack = plan.regions.find((r) => r.kind === 'stack')!;
    expect(stack.phys!.length).toBe(65536);
    expect(stack.virt!.base + BigInt(stack.phys!.length) - 8n).toBe(rsp);
  });

  it('gives the stack the stack size request asks for', () => {
    const { image } = limineKernel({
      revision: 3n,
      requests: [{ feature: 'stackSize', extra: [0x40000n] }],
    });
    expect(boot(image).plan.regions.find((r) => r.kind === 'stack')!.phys!.length).toBe(0x40000);
  });

  it('maps the kernel at its link address, physically contiguous, with each segment rights', () => {
    const { ram } = boot(limineKernel({ revision: 3n }).image);
    const text = ram.translate(KERNEL_BASE)!;
    const rodata = ram.translate(KERNEL_BASE + 0x1000n)!;
    const data = ram.translate(DATA_BASE)!;
    expect([text.writable, text.nx, text.user]).toEqual([false, false, false]);
    expect([rodata.writable, rodata.nx]).toEqual([false, true]);
    expect([data.writable, data.nx]).toEqual([true, true]);
    expect(rodata.physPage - text.physPage).toBe(0x1000);
    expect(data.physPage - text.physPage).toBe(0x2000);
    expect(ram.u8(text.physPage)).toBe(0xf4);
  });

  it('takes the entry point request over e_entry', () => {
    const { image } = limineKernel({
      revision: 3n,
      requests: [{ feature: 'entryPoint', extra: [KERNEL_BASE + 1n] }],
    });
    expect(boot(image).cpu.rip[0] >>> 0).toBe(0x80000001);
  });
});

describe('Limine: base revisions', () => {
  it('sets the tag third word to 0 and its second to the revision used, when supported', () => {
    const { image, tagAt } = limineKernel({ revision: 2n });
    const { ram } = boot(image);
    expect([ram.v64(tagAt + 8n), ram.v64(tagAt + 16n)]).toEqual([2n, 0n]);
  });

  it('boots a kernel asking for a later revision as revision 3 and leaves its third word', () => {
    const { image, tagAt } = limineKernel({ revision: 7n });
    const { ram } = boot(image);
    expect([ram.v64(tagAt + 8n), ram.v64(tagAt + 16n)]).toEqual([3n, 7n]);
  });

  it('revision 0 identity-maps 0x1000 to 4 GiB with Limine page sizes, page 0 left out', () => {
    const { ram } = boot(limineKernel({ revision: 0n }).image);
    expect(ram.translate(0n)).toBeUndefined();
    expect(ram.translate(0x1000n)!.pageSize).toBe(0x1000);
    expect(ram.translate(0x200000n)!.pageSize).toBe(0x200000);
    expect(ram.translate(0xc0000000n)!.pageSize).toBe(0x40000000);
    expect(ram.phys(0xfff00000n)).toBe(0xfff00000);
    expect(ram.phys(HHDM + 0x123456n)).toBe(0x123456);
  });

  it('revisions 1 and 2 map 4 GiB of HHDM in 1 GiB pages and nothing in the lower half', () => {
    for (const revision of [1n, 2n]) {
      const { ram } = boot(limineKernel({ revision }).image);
      expect(ram.translate(0x1000n)).toBeUndefined();
      expect(ram.translate(HHDM)!.pageSize).toBe(0x40000000);
      expect(ram.phys(HHDM + 0xfee00000n)).toBe(0xfee00000);
      expect(ram.translate(HHDM + (4n << 30n))).toBeUndefined();
    }
  });

  it('revision 3 maps only usable, reclaimable, kernel and framebuffer memory into the HHDM', () => {
    const { ram } = boot(limineKernel({ revision: 3n }).image, { ramSize: 64 << 20 });
    expect(ram.phys(HHDM)).toBe(0);
    expect(ram.translate(HHDM + 0xa0000n)).toBeUndefined();
    expect(ram.translate(HHDM + 0xfee00000n)).toBeUndefined();
    expect(ram.phys(HHDM + 0x3fff000n)).toBe(0x3fff000);
    expect(ram.translate(HHDM + (64n << 20n))).toBeUndefined();
    // RAM from 2 MiB to 64 MiB is covered by 2 MiB pages.
    expect(ram.translate(HHDM + 0x400000n)!.pageSize).toBe(0x200000);
  });

  it('reports the RSDP as physical under revision 3 and as an HHDM address otherwise', () => {
    for (const [revision, expected] of [
      [3n, 0xf5a10n],
      [2n, HHDM + 0xf5a10n],
    ] as const) {
      const { image, requestAt } = limineKernel({ revision, requests: [{ feature: 'rsdp' }] });
      const { ram } = boot(image, { rsdpAddress: 0xf5a10 });
      expect(ram.v64(response(ram, requestAt[0]) + 8n)).toBe(expected);
    }
  });
});

describe('Limine: paging mode', () => {
  it('uses 5-level paging when the kernel asks and the machine allows, with the 5-level HHDM', () => {
    const { image, requestAt } = limineKernel({
      revision: 3n,
      requests: [{ feature: 'pagingMode', revision: 1n, extra: [1n, 1n, 0n] }, { feature: 'hhdm' }],
    });
    const { cpu, ram } = boot(image, { allow5LevelPaging: true });
    expect(cpu.cr4).toBe(0x1020);
    const trace: unknown[] = [];
    expect(ram.translate(KERNEL_BASE, trace as never)).toBeDefined();
    expect(trace.length).toBe(5);
    expect(ram.v64(response(ram, requestAt[1]) + 8n)).toBe(0xff00000000000000n);
    expect(ram.v64(response(ram, requestAt[0]) + 8n)).toBe(1n);
  });

  it('stays 4-level when 5-level is not offered, and refuses a kernel that needs it', () => {
    const prefer = limineKernel({
      revision: 3n,
      requests: [{ feature: 'pagingMode', revision: 1n, extra: [1n, 1n, 0n] }],
    });
    expect(boot(prefer.image).cpu.cr4).toBe(0x20);
    const need = limineKernel({
      revision: 3n,
      requests: [{ feature: 'pagingMode', revision: 1n, extra: [1n, 1n, 1n] }],
    });
    expect(planBoot(need.image)).toMatchObject({
      ok: false,
      error: { code: 'BOOT_LIMINE_PAGING_MODE' },
    });
  });
});

describe('Limine: refusals', () => {
  it('refuses the same request twice', () => {
    const { image } = limineKernel({
      revision: 3n,
      requests: [{ feature: 'hhdm' }, { feature: 'hhdm' }],
    });
    expect(planBoot(image)).toMatchObject({ ok: false, error: { code: 'BOOT_LIMINE_DUPLICATE' } });
  });

  it('refuses lower-half segments, overlapping segments and mixed rights in one page', () => {
    const tag = baseRevisionTag(3n);
    const kernel = (segments: SegmentSpec[]) =>
      buildElf({ class: 64, entry: KERNEL_BASE, segments });
    const code = (vaddr: bigint, flags = 5) => ({
      vaddr,
      data: concat(tag, new Uint8Array([0xf4])),
      flags,
    });
    const lower = kernel([code(0x100000n)]);
    expect(planBoot(lower)).toMatchObject({ ok: false, error: { code: 'BOOT_LIMINE_LOWER_HALF' } });
    const overlap = kernel([
      code(KERNEL_BASE),
      { vaddr: KERNEL_BASE + 8n, memsz: 0x100, flags: 5 },
    ]);
    expect(planBoot(overlap)).toMatchObject({ ok: false, error: { code: 'BOOT_LIMINE_OVERLAP' } });
    const shared = kernel([
      code(KERNEL_BASE),
      { vaddr: KERNEL_BASE + 0x800n, memsz: 0x100, flags: 6 },
    ]);
    expect(planBoot(shared)).toMatchObject({ ok: false, error: { code: 'BOOT_LIMINE_OVERLAP' } });
  });

  it('refuses a kernel larger than the machine RAM', () => {
    const { image } = limineKernel({ revision: 3n, bss: 64 << 20 });
    expect(planBoot(image, { ramSize: 32 << 20 })).toMatchObject({
      ok: false,
      error: { code: 'BOOT_TOO_LARGE' },
    });
  });

  it('refuses a relocatable kernel with a relocation other than R_X86_64_RELATIVE', () => {
    // Data at 0x2000: a RELA entry (R_X86_64_64 on the slot at 0x2018), the slot, then the dynamic section.
    const rela = u64s(0x2018n, 1n, 0n);
    const dynamic = u64s(7n, 0x2000n, 8n, 24n, 9n, 24n, 0n, 0n);
    const data = concat(rela, u64s(0n), dynamic);
    const image = buildElf({
      class: 64,
      type: 3,
      entry: 0,
      segments: [
        { vaddr: 0, data: concat(baseRevisionTag(3n), new Uint8Array([0xf4])), flags: 5 },
        { vaddr: 0x2000, data, flags: 6 },
        { vaddr: 0x2020, data: dynamic, flags: 6, type: 2, align: 8 },
      ],
    });
    expect(planBoot(image)).toMatchObject({ ok: false, error: { code: 'BOOT_LIMINE_RELOCATION' } });
  });
});
