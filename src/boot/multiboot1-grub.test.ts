import { describe, expect, it } from 'vitest';
import { buildIso } from './test-helpers/iso-builder.ts';
import { multiboot1Elf32 } from './test-helpers/kernels.ts';
import { boot } from './test-helpers/machine.ts';

const kernel = multiboot1Elf32();
const file = new DataView(kernel.buffer, kernel.byteOffset);

function grubIso(withModule: boolean): Uint8Array {
  const module = withModule ? ' module /boot/data.bin data\n' : '';
  return buildIso({
    'boot/grub/grub.cfg': `menuentry "os" {\n multiboot /boot/k.elf arg\n${module}}\n`,
    'boot/k.elf': kernel,
    'boot/data.bin': 'DATA',
  });
}

/** The Multiboot 1 information a kernel gets in EBX, as 32-bit words. */
function infoOf(image: Uint8Array) {
  const { mem, cpu } = boot(image);
  const info = cpu.gpr[3 * 2];
  return { mem, word: (i: number) => mem.view.getUint32(info + 4 * i, true) };
}

describe('Multiboot 1 from an ISO, as GRUB 2.06 boots it', () => {
  it('names the CD as boot device, sets mods only with modules, gives EGA text', () => {
    const { word } = infoOf(grubIso(false));
    const flags = word(0);
    expect(flags & (1 << 3)).toBe(0);
    expect(word(3)).toBe(0xe0ffffff);
    expect(flags & (1 << 12)).not.toBe(0);
    const fb = infoOf(grubIso(false));
    expect(fb.word(22)).toBe(0xb8000); // framebuffer_addr low
    expect((fb.word(27) >> 8) & 0xff).toBe(2); // framebuffer_type: EGA text
    expect(infoOf(grubIso(true)).word(0) & (1 << 3)).not.toBe(0);
  });

  it('passes the section header table, unloaded sections copied (flag 5)', () => {
    const { mem, word } = infoOf(grubIso(false));
    expect(word(0) & (1 << 5)).not.toBe(0);
    const shoff = file.getUint32(32, true);
    const shnum = file.getUint16(48, true);
    expect([word(7), word(8), word(10)]).toEqual([shnum, 40, file.getUint16(50, true)]);
    const table = word(9);
    let copied = 0;
    for (let i = 1; i < shnum; i++) {
      const at = shoff + i * 40;
      const addr = file.getUint32(at + 12, true);
      const offset = file.getUint32(at + 16, true);
      const size = file.getUint32(at + 20, true);
      const given = mem.view.getUint32(table + i * 40 + 12, true);
      if (addr !== 0) expect(given).toBe(addr);
      else if (size > 0 && file.getUint32(at + 4, true) !== 8) {
        expect(mem.ram.slice(given, given + size)).toEqual(kernel.slice(offset, offset + size));
        copied++;
      }
    }
    expect(copied).toBeGreaterThanOrEqual(3); // .symtab, .strtab, .shstrtab at least
  });

  it('leaves a kernel booted directly as QEMU -kernel does: flags 0x24f, hard disk', () => {
    const { word } = infoOf(kernel);
    expect(word(0)).toBe(0x24f);
    expect(word(3)).toBe(0x8000ffff);
  });
});
