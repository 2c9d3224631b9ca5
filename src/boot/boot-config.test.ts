import { describe, expect, it } from 'vitest';
import { volumePath } from './config-entry.ts';
import { attempt } from './errors.ts';
import { parseGrubConfig } from './grub-config.ts';
import { parseLimineConfig } from './limine-config.ts';

describe('limine.conf', () => {
  it('reads the first entry: protocol, path, cmdline and modules with their strings', () => {
    const entry = parseLimineConfig(
      `# comment
timeout: 3

/My OS
    protocol: limine
    path: boot():/boot/kernel
    cmdline: console=serial
    module_path: boot():/boot/initrd.tar
    module_cmdline: initrd
    module_path: boot():/boot/font.psf

/Other
    protocol: linux
    path: boot():/vmlinuz
`,
      '/boot/limine/limine.conf',
    );
    expect(entry).toEqual({
      configPath: '/boot/limine/limine.conf',
      title: 'My OS',
      protocol: 'limine',
      kernelPath: '/boot/kernel',
      cmdline: 'console=serial',
      modules: [
        { path: '/boot/initrd.tar', string: 'initrd' },
        { path: '/boot/font.psf', string: '' },
      ],
    });
  });

  it('honours default_entry, kernel_path, macros and case-insensitive option names', () => {
    const entry = parseLimineConfig(
      `\${ROOT}=boot()
DEFAULT_ENTRY: 2
/one
  protocol: limine
  path: \${ROOT}:/a
//sub two
  PROTOCOL: multiboot2
  KERNEL_PATH: \${ROOT}:/b#0123abcd
  MODULE_PATH: \${ROOT}:/m
  MODULE_STRING: arg
`,
      '/limine.conf',
    );
    expect(entry).toMatchObject({
      title: 'sub two',
      protocol: 'multiboot2',
      kernelPath: '/b',
      modules: [{ path: '/m', string: 'arg' }],
    });
  });

  it('reads the older limine.cfg syntax: KEY=value and :entries', () => {
    const entry = parseLimineConfig(
      `TIMEOUT=0
:Legacy
PROTOCOL=multiboot
KERNEL_PATH=boot:///boot/kernel.bin
CMDLINE=a=b c
MODULE_PATH=boot:///boot/mod
`,
      '/limine.cfg',
    );
    expect(entry).toMatchObject({
      protocol: 'multiboot1',
      kernelPath: '/boot/kernel.bin',
      cmdline: 'a=b c',
      modules: [{ path: '/boot/mod' }],
    });
  });

  it('refuses a config with no bootable entry or an unknown protocol', () => {
    expect(attempt(() => parseLimineConfig('timeout: 1\n', '/limine.conf'))).toMatchObject({
      ok: false,
      error: { code: 'BOOT_CONFIG_BAD' },
    });
    const linux = '/L\n protocol: linux\n path: boot():/vmlinuz\n';
    expect(attempt(() => parseLimineConfig(linux, '/limine.conf'))).toMatchObject({
      ok: false,
      error: { code: 'BOOT_UNSUPPORTED_PROTOCOL' },
    });
  });
});

describe('grub.cfg', () => {
  it('reads the default menuentry: multiboot2 with its arguments, module2 lines', () => {
    const entry = parseGrubConfig(
      `set timeout=0
set default="1"
insmod all_video
menuentry "first" {
  multiboot /boot/a.bin
}
menuentry 'second' --class os {
  multiboot2 /boot/kernel.elf console=ttyS0 quiet # a comment
  module2 --nounzip /boot/initrd.tar initrd
  boot
}
`,
      '/boot/grub/grub.cfg',
    );
    expect(entry).toEqual({
      configPath: '/boot/grub/grub.cfg',
      title: 'second',
      protocol: 'multiboot2',
      kernelPath: '/boot/kernel.elf',
      cmdline: 'console=ttyS0 quiet',
      modules: [{ path: '/boot/initrd.tar', string: 'initrd' }],
    });
  });

  it('takes the first entry by default and accepts device prefixes on paths', () => {
    const entry = parseGrubConfig(
      'menuentry "x" {\n multiboot ($root)/k.bin\n module (cd)/m.bin "a b"\n}\n',
      '/boot/grub/grub.cfg',
    );
    expect(entry).toMatchObject({
      protocol: 'multiboot1',
      kernelPath: '/k.bin',
      cmdline: '',
      modules: [{ path: '/m.bin', string: 'a b' }],
    });
  });

  it('refuses a grub.cfg that loads no multiboot kernel', () => {
    const linux = 'menuentry "l" {\n linux /vmlinuz\n}\n';
    expect(attempt(() => parseGrubConfig(linux, '/boot/grub/grub.cfg'))).toMatchObject({
      ok: false,
      error: { code: 'BOOT_CONFIG_BAD' },
    });
  });
});

describe('boot loader paths', () => {
  it('turns every URI form into a path on the boot volume', () => {
    expect(volumePath('boot():/boot/k', 'c')).toBe('/boot/k');
    expect(volumePath('boot(2):/k', 'c')).toBe('/k');
    expect(volumePath('boot:///k', 'c')).toBe('/k');
    expect(volumePath('hdd://1/k', 'c')).toBe('/k');
    expect(volumePath('(hd0,msdos1)//boot//k', 'c')).toBe('/boot/k');
    expect(volumePath('/k', 'c')).toBe('/k');
  });

  it('refuses compressed files and relative paths', () => {
    expect(attempt(() => volumePath('$boot():/k.gz', 'c'))).toMatchObject({
      ok: false,
      error: { code: 'BOOT_CONFIG_BAD' },
    });
    expect(attempt(() => volumePath('kernel', 'c'))).toMatchObject({
      ok: false,
      error: { code: 'BOOT_CONFIG_BAD' },
    });
  });
});
