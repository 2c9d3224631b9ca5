import { describe, expect, it } from 'vitest';
import { detectImage, planBoot } from './index.ts';
import { IsoVolume } from './iso9660.ts';
import { buildElf } from './test-helpers/elf-builder.ts';
import { concat, mb1Header, mb2Header } from './test-helpers/headers.ts';
import { buildIso } from './test-helpers/iso-builder.ts';
import { limineKernel } from './test-helpers/limine-kernel.ts';
import { boot } from './test-helpers/machine.ts';

const text = (s: string) => new TextEncoder().encode(s);
const HLT = new Uint8Array([0xf4, 0xeb, 0xfd]);

function mbKernel(header: Uint8Array): Uint8Array {
  return buildElf({
    class: 32,
    entry: 0x100000 + header.length,
    segments: [{ vaddr: 0x100000, data: concat(header, HLT) }],
  });
}

describe('ISO 9660 volumes', () => {
  const files = {
    'boot/kernel.elf': text('kernel bytes'),
    'boot/grub/grub.cfg': 'cfg',
    'readme.txt': 'hi',
  };

  it('finds files by path with plain upper-case names', () => {
    const v = new IsoVolume(buildIso(files));
    expect(new TextDecoder().decode(v.read('/boot/kernel.elf'))).toBe('kernel bytes');
    expect(new TextDecoder().decode(v.read('BOOT/GRUB/GRUB.CFG'))).toBe('cfg');
    expect(v.read('/boot/missing')).toBeUndefined();
    expect(v.read('/boot')).toBeUndefined();
  });

  it('finds files by their Rock Ridge and Joliet names', () => {
    const long = { 'boot/limine/limine.conf': 'conf', 'boot/a-kernel-with-a-long-name.elf': 'k' };
    expect(
      new IsoVolume(buildIso(long, { rockRidge: true })).read(
        '/boot/a-kernel-with-a-long-name.elf',
      ),
    ).toEqual(text('k'));
    expect(
      new IsoVolume(buildIso(long, { joliet: true })).read('/boot/limine/limine.conf'),
    ).toEqual(text('conf'));
  });

  it('reports a damaged volume as a coded error', () => {
    const iso = buildIso(files);
    // Point the root directory record past the end of the image.
    new DataView(iso.buffer).setUint32(16 * 2048 + 156 + 2, 0x7fffff, true);
    expect(planBoot(iso)).toMatchObject({ ok: false, error: { code: 'BOOT_ISO_BAD' } });
  });
});

describe('booting an ISO', () => {
  it('boots a Limine ISO by its limine.conf: kernel, command line and modules from the ISO', () => {
    const { image, requestAt } = limineKernel({
      revision: 3n,
      requests: [{ feature: 'module' }, { feature: 'executableFile' }],
    });
    const conf = `timeout: 0\n/Test\n  protocol: limine\n  path: boot():/boot/kernel\n  cmdline: from the config\n  module_path: boot():/boot/initrd\n  module_cmdline: initrd\n`;
    const iso = buildIso(
      { 'boot/limine/limine.conf': conf, 'boot/kernel': image, 'boot/initrd': 'INITRD' },
      { rockRidge: true },
    );
    const { plan, ram } = boot(iso);
    expect(plan.detection).toMatchObject({
      format: 'iso9660',
      kernelFormat: 'elf64',
      protocol: 'limine',
    });
    expect(plan.detection.config?.configPath).toBe('/boot/limine/limine.conf');
    const modules = ram.v64(requestAt[0] + 40n);
    const module = ram.v64(ram.v64(modules + 16n));
    expect(ram.vstring(ram.v64(module + 8n))).toBe('INITRD');
    expect(ram.vstring(ram.v64(module + 24n))).toBe('/boot/initrd');
    expect(ram.vstring(ram.v64(module + 32n))).toBe('initrd');
    expect(ram.v64(module + 40n) & 0xffffffffn).toBe(1n);
    const file = ram.v64(ram.v64(requestAt[1] + 40n) + 8n);
    expect(ram.vstring(ram.v64(file + 24n))).toBe('/boot/kernel');
    expect(ram.vstring(ram.v64(file + 32n))).toBe('from the config');
  });

  it('boots a GRUB ISO by grub.cfg, passing arguments without the file names', () => {
    const kernel = mbKernel(mb2Header([]));
    const cfg =
      'menuentry "os" {\n multiboot2 /boot/os.elf verbose\n module2 /boot/data.bin data\n}\n';
    const iso = buildIso({
      'boot/grub/grub.cfg': cfg,
      'boot/os.elf': kernel,
      'boot/data.bin': 'DATA',
    });
    const { plan, ram, cpu } = boot(iso);
    expect(plan.protocol).toBe('multiboot2');
    expect(plan.detection.reason).toMatch(/grub\.cfg says protocol multiboot2/);
    const info = cpu.gpr[6];
    expect(ram.cstring(info + 8 + 16 + 8)).toBe('verbose');
  });

  it('goes by the protocol the config names when the kernel carries several', () => {
    const header = concat(mb1Header(3), new Uint8Array(4), mb2Header([]));
    const kernel = mbKernel(header);
    expect(detectImage(kernel)).toMatchObject({ ok: true, detection: { protocol: 'multiboot2' } });
    const conf = '/x\n protocol: multiboot1\n path: boot():/k\n';
    const iso = buildIso({ 'limine.conf': conf, k: kernel });
    expect(detectImage(iso)).toMatchObject({
      ok: true,
      detection: { protocol: 'multiboot1', format: 'iso9660' },
    });
  });

  it('refuses an ISO without a config, a missing kernel, a missing module and a protocol mismatch', () => {
    expect(planBoot(buildIso({ 'readme.txt': 'x' }))).toMatchObject({
      ok: false,
      error: { code: 'BOOT_ISO_NO_KERNEL' },
    });
    const conf = (extra = '') => `/x\n protocol: multiboot2\n path: boot():/k\n${extra}`;
    expect(planBoot(buildIso({ 'limine.conf': conf() }))).toMatchObject({
      ok: false,
      error: { code: 'BOOT_ISO_NO_KERNEL' },
    });
    const kernel = mbKernel(mb2Header([]));
    const missing = buildIso({ 'limine.conf': conf(' module_path: boot():/nope\n'), k: kernel });
    expect(planBoot(missing)).toMatchObject({ ok: false, error: { code: 'BOOT_MODULE_MISSING' } });
    const mismatch = buildIso({
      'limine.conf': conf().replace('multiboot2', 'multiboot1'),
      k: kernel,
    });
    expect(planBoot(mismatch)).toMatchObject({
      ok: false,
      error: { code: 'BOOT_CONFIG_PROTOCOL_MISMATCH' },
    });
  });
});
