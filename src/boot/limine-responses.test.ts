import { describe, expect, it } from 'vitest';
import { KERNEL_BASE, limineKernel, response } from './test-helpers/limine-kernel.ts';
import { boot } from './test-helpers/machine.ts';
import type { Guest } from './test-helpers/machine.ts';

const HHDM = 0xffff800000000000n;
const ALL = [
  'bootloaderInfo',
  'hhdm',
  'memmap',
  'executableAddress',
  'pagingMode',
  'firmwareType',
  'executableFile',
  'executableCmdline',
  'mp',
  'dateAtBoot',
] as const;

function memmap(ram: Guest, resp: bigint): { base: bigint; length: bigint; type: bigint }[] {
  const count = Number(ram.v64(resp + 8n));
  const list = ram.v64(resp + 16n);
  return Array.from({ length: count }, (_, i) => {
    const e = ram.v64(list + BigInt(i) * 8n);
    return { base: ram.v64(e), length: ram.v64(e + 8n), type: ram.v64(e + 16n) };
  });
}

describe('Limine: responses', () => {
  const requests = ALL.map((feature) => ({ feature }));

  it('points each answered request at its response, an HHDM address', () => {
    const { image, requestAt } = limineKernel({ revision: 3n, requests });
    const { ram } = boot(image);
    for (const at of requestAt) {
      const r = response(ram, at);
      expect(r >> 47n, `request at ${at.toString(16)}`).toBe(HHDM >> 47n);
    }
  });

  it('names the loader, the HHDM offset, the paging mode, the firmware and the date', () => {
    const { image, requestAt } = limineKernel({ revision: 3n, requests });
    const { ram } = boot(image, { bootTime: 1700000000 });
    const r = (f: (typeof ALL)[number]) => response(ram, requestAt[ALL.indexOf(f)]);
    expect(ram.vstring(ram.v64(r('bootloaderInfo') + 8n))).toBe('pagescope');
    expect(ram.vstring(ram.v64(r('bootloaderInfo') + 16n))).toMatch(/^\d+\.\d+\.\d+$/);
    expect(ram.v64(r('hhdm') + 8n)).toBe(HHDM);
    expect(ram.v64(r('pagingMode') + 8n)).toBe(0n);
    expect(ram.v64(r('firmwareType') + 8n)).toBe(0n);
    expect(ram.v64(r('dateAtBoot') + 8n)).toBe(1700000000n);
  });

  it('reports the executable physical and virtual base, and its file with the command line', () => {
    const { image, requestAt } = limineKernel({ revision: 3n, requests });
    const { ram } = boot(image, { imageName: 'kernel.elf', cmdline: 'quiet' });
    const r = (f: (typeof ALL)[number]) => response(ram, requestAt[ALL.indexOf(f)]);
    const phys = ram.v64(r('executableAddress') + 8n);
    expect(ram.v64(r('executableAddress') + 16n)).toBe(KERNEL_BASE);
    expect(BigInt(ram.phys(KERNEL_BASE))).toBe(phys);
    const file = ram.v64(r('executableFile') + 8n);
    expect(ram.v64(file + 16n)).toBe(BigInt(image.length));
    expect(ram.vstring(ram.v64(file + 24n))).toBe('/kernel.elf');
    expect(ram.vstring(ram.v64(file + 32n))).toBe('quiet');
    expect(ram.v64(r('executableCmdline') + 8n)).toBe(ram.v64(file + 32n));
    const fileAt = ram.v64(file + 8n);
    expect(ram.v64(fileAt)).toBe(0x00010102464c457fn);
  });

  it('lists one processor for the MP request', () => {
    const { image, requestAt } = limineKernel({ revision: 3n, requests });
    const { ram } = boot(image);
    const mp = response(ram, requestAt[ALL.indexOf('mp')]);
    expect(ram.v64(mp + 16n)).toBe(1n);
  });

  it('hands over a sorted memory map with aligned usable entries and types 0-7', () => {
    for (const revision of [2n, 3n]) {
      const { image, requestAt } = limineKernel({ revision, requests });
      const { ram, plan } = boot(image);
      const map = memmap(ram, response(ram, requestAt[ALL.indexOf('memmap')]));
      expect(map.length).toBe(plan.memoryMap.length);
      for (let i = 1; i < map.length; i++)
        expect(map[i].base >= map[i - 1].base + map[i - 1].length).toBe(true);
      for (const e of map.filter((e) => e.type === 0n || e.type === 5n)) {
        expect(e.base % 4096n).toBe(0n);
        expect(e.length % 4096n).toBe(0n);
      }
      expect(map.every((e) => e.type <= 7n)).toBe(true);
      expect(map[0].base).toBe(revision === 3n ? 0n : 0x1000n);
      expect(map.some((e) => e.type === 6n && e.base === BigInt(ram.phys(KERNEL_BASE)))).toBe(true);
    }
  });

  it('gives modules as files with their path and string, page aligned', () => {
    const { image, requestAt } = limineKernel({ revision: 3n, requests: [{ feature: 'module' }] });
    const bytes = new TextEncoder().encode('initrd contents');
    const { ram } = boot(image, { modules: [{ name: 'initrd.tar', bytes, cmdline: 'root' }] });
    const resp = response(ram, requestAt[0]);
    expect(ram.v64(resp + 8n)).toBe(1n);
    const file = ram.v64(ram.v64(resp + 16n));
    const address = ram.v64(file + 8n);
    expect(address % 4096n).toBe(0n);
    expect(ram.v64(file + 16n)).toBe(BigInt(bytes.length));
    expect(ram.vstring(ram.v64(file + 24n))).toBe('/initrd.tar');
    expect(ram.vstring(ram.v64(file + 32n))).toBe('root');
    expect(ram.vstring(address)).toBe('initrd contents');
  });

  it('describes the framebuffer and maps it write-combining (PWT with the PAT bit)', () => {
    const { image, requestAt } = limineKernel({
      revision: 3n,
      requests: [{ feature: 'framebuffer' }],
    });
    const fb = {
      address: 0xfd000000,
      width: 800,
      height: 600,
      pitch: 3200,
      bpp: 32,
      red: { size: 8, shift: 16 },
      green: { size: 8, shift: 8 },
      blue: { size: 8, shift: 0 },
    };
    const { ram, plan } = boot(image, { framebuffer: fb });
    const resp = response(ram, requestAt[0]);
    expect(ram.v64(resp)).toBe(1n);
    const desc = ram.v64(ram.v64(resp + 16n));
    expect(ram.v64(desc)).toBe(HHDM + 0xfd000000n);
    expect([ram.v64(desc + 8n), ram.v64(desc + 16n), ram.v64(desc + 24n)]).toEqual([
      800n,
      600n,
      3200n,
    ]);
    const trace: { level: number; lo: number }[] = [];
    ram.translate(HHDM + 0xfd000000n, trace as never);
    const leaf = trace[trace.length - 1];
    expect(leaf.lo & 0x8).toBe(0x8);
    expect(leaf.lo & (leaf.level === 1 ? 0x80 : 0x1000)).not.toBe(0);
    expect(plan.memoryMap).toContainEqual({
      base: 0xfd000000,
      length: 3200 * 600,
      type: 'framebuffer',
    });
  });

  it('answers only the requests between the delimiters', () => {
    const { image, requestAt, outsideAt } = limineKernel({
      revision: 3n,
      markers: true,
      requests: [{ feature: 'hhdm' }],
      outside: ['memmap'],
    });
    const { ram } = boot(image);
    expect(response(ram, requestAt[0])).not.toBe(0n);
    // The memmap request appears before the start marker and after the end marker: neither counts.
    expect(outsideAt.map((at) => response(ram, at))).toEqual([0n, 0n]);
  });
});
