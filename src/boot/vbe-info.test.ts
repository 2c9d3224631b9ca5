import { describe, expect, it } from 'vitest';
import { planBoot } from './index.ts';
import { mb1Kernel, mb2Kernel } from './test-helpers/guest-code.ts';
import { buildIso } from './test-helpers/iso-builder.ts';
import { boot, infoTags } from './test-helpers/machine.ts';
import type { Guest } from './test-helpers/machine.ts';
import { STD_VGA_FRAMEBUFFER } from './std-vga-framebuffer.ts';

const FB = STD_VGA_FRAMEBUFFER;

/** Multiboot 1 header flags: page-align, memory information, video mode. */
const WANTS_VIDEO = 0x7;
/** The header's video fields after the five address words: linear graphics, 1024x768x32. */
const GRAPHICS = [0, 0, 0, 0, 0, 0, 1024, 768, 32];
const INFO = 0x9500;
const FLAG_VBE = 1 << 11;
const FLAG_FRAMEBUFFER = 1 << 12;

/** A real-mode far pointer (segment in the high half) as a physical address. */
const linear = (far: number) => (far >>> 16) * 16 + (far & 0xffff);

/** The mode numbers a controller information block's pointer leads to, up to 0xffff. */
function modeList(ram: Guest, controller: number): number[] {
  const modes: number[] = [];
  for (let at = linear(ram.u32(controller + 14)); modes.at(-1) !== 0xffff; at += 2) {
    modes.push(ram.u16(at));
  }
  return modes;
}

function fromIso(kernel: Uint8Array): Uint8Array {
  return buildIso({
    'boot/grub/grub.cfg': 'menuentry "os" {\n multiboot /boot/k.elf\n}\n',
    'boot/k.elf': kernel,
  });
}

/** Checks a controller information block against what SeaVGABIOS answers under QEMU. */
function expectSeaVgaBiosController(ram: Guest, c: number): void {
  expect(ram.cstring(c).slice(0, 4)).toBe('VESA');
  expect(ram.u16(c + 4)).toBe(0x0300);
  expect(ram.cstring(linear(ram.u32(c + 6)))).toBe('SeaBIOS VBE(C) 2011');
  expect(ram.u32(c + 6)).toBe(0xc0005a30);
  expect(ram.u32(c + 10)).toBe(1);
  expect(ram.u16(c + 18)).toBe(256); // 16 MiB in 64 KiB units
  expect(ram.cstring(linear(ram.u32(c + 22)))).toBe('SeaBIOS Developers');
  expect(ram.cstring(linear(ram.u32(c + 26)))).toBe('SeaBIOS VBE Adapter');
  expect(ram.cstring(linear(ram.u32(c + 30)))).toBe('Rev. 1');
  const modes = modeList(ram, c);
  expect(modes.length).toBe(94);
  expect(modes.slice(0, 3)).toEqual([0x100, 0x101, 0x102]);
  expect(modes).toContain(0x144);
  expect(modes.slice(-3)).toEqual([0x13, 0x6a, 0xffff]);
  // The block's reserved area holds the same list, as SeaVGABIOS builds it there.
  expect(modes.map((_, i) => ram.u16(c + 34 + 2 * i))).toEqual(modes);
}

/** Checks the mode information block of 1024x768x32 against std VGA's under QEMU. */
function expectMode144(ram: Guest, m: number): void {
  expect(ram.u16(m)).toBe(0xbb);
  expect(ram.u16(m + 16)).toBe(4096); // BytesPerScanLine
  expect([ram.u16(m + 18), ram.u16(m + 20), ram.u8(m + 25)]).toEqual([1024, 768, 32]);
  expect(ram.u8(m + 27)).toBe(6); // direct colour
  expect(ram.u8(m + 29)).toBe(4); // image pages beyond the first
  expect([...ram.bytes(m + 31, 9)]).toEqual([8, 16, 8, 8, 8, 0, 8, 24, 2]);
  expect(ram.u32(m + 40)).toBe(0xfd000000); // PhysBasePtr
  expect(ram.u16(m + 50)).toBe(4096); // LinBytesPerScanLine
  expect([...ram.bytes(m + 54, 8)]).toEqual([8, 16, 8, 8, 8, 0, 8, 24]);
  expect(ram.u32(m + 12)).toBe(0xc00056e3); // the window function, as a number
  expect(ram.bytes(m + 66, 190).every((b) => b === 0)).toBe(true);
}

describe('VBE information, as GRUB 2.06 gives it under QEMU', () => {
  it('Multiboot 1: flag 11 with the controller and mode blocks for a graphics framebuffer', () => {
    const { ram, plan } = boot(fromIso(mb1Kernel(WANTS_VIDEO, undefined, 0, GRAPHICS)), {
      framebuffer: FB,
    });
    const flags = ram.u32(INFO);
    expect(flags & (FLAG_VBE | FLAG_FRAMEBUFFER)).toBe(FLAG_VBE | FLAG_FRAMEBUFFER);
    const [control, mode] = [ram.u32(INFO + 72), ram.u32(INFO + 76)];
    expect([control, mode]).toEqual([0x9700, 0x9900]);
    expect(ram.u16(INFO + 80)).toBe(0x4144); // mode 0x144 with the linear framebuffer bit
    expect([ram.u16(INFO + 82), ram.u16(INFO + 84), ram.u16(INFO + 86)]).toEqual([0, 0, 0]);
    expectSeaVgaBiosController(ram, control);
    expectMode144(ram, mode);
    // The blocks sit in the information page the memory map already holds for the loader.
    const page = plan.memoryMap.find((r) => r.base <= control && mode + 256 <= r.base + r.length);
    expect(page?.type).toBe('bootloader-reclaimable');
    const rom = plan.memoryMap.find((r) => r.base <= 0xc5a30 && 0xc5a30 < r.base + r.length);
    expect(rom?.type).toBe('reserved');
    expect(plan.regions.map((r) => r.name)).toContain('VGA BIOS strings and mode list');
  });

  it('Multiboot 1: the same for a kernel booted directly that asks for graphics', () => {
    const { ram } = boot(mb1Kernel(WANTS_VIDEO, undefined, 0, GRAPHICS), { framebuffer: FB });
    expect(ram.u32(INFO) & FLAG_VBE).toBe(FLAG_VBE);
    expect(ram.u16(INFO + 80)).toBe(0x4144);
    expectMode144(ram, ram.u32(INFO + 76));
  });

  it('Multiboot 1: mode 3 and an 80x25 text block when the kernel gets EGA text', () => {
    // From an ISO without a video request, and directly with one but no framebuffer.
    for (const image of [fromIso(mb1Kernel()), mb1Kernel(WANTS_VIDEO, undefined, 0, GRAPHICS)]) {
      const { ram } = boot(image);
      expect(ram.u32(INFO) & FLAG_VBE).toBe(FLAG_VBE);
      expect(ram.u16(INFO + 80)).toBe(3);
      expectSeaVgaBiosController(ram, ram.u32(INFO + 72));
      const m = ram.u32(INFO + 76);
      expect([ram.u16(m + 18), ram.u16(m + 20)]).toEqual([80, 25]);
      const rest = [...ram.bytes(m, 256)].filter((_, i) => i < 18 || i >= 22);
      expect(rest.every((b) => b === 0)).toBe(true);
    }
  });

  it('Multiboot 1: nothing when QEMU -kernel would give no video information', () => {
    const { ram, mem } = boot(mb1Kernel(), { framebuffer: FB });
    expect(ram.u32(INFO) & (FLAG_VBE | FLAG_FRAMEBUFFER)).toBe(0);
    expect(mem.ram.subarray(0x9700, 0x9a00).every((b) => b === 0)).toBe(true);
    expect(mem.ram.subarray(0xc5a30, 0xc5b00).every((b) => b === 0)).toBe(true);
  });

  it('Multiboot 1: no VBE blocks for a framebuffer std VGA has no mode for', () => {
    const odd = { ...FB, width: 1000, height: 700, pitch: 4000 };
    const { ram } = boot(mb1Kernel(WANTS_VIDEO, undefined, 0, GRAPHICS), { framebuffer: odd });
    expect(ram.u32(INFO) & (FLAG_VBE | FLAG_FRAMEBUFFER)).toBe(FLAG_FRAMEBUFFER);
  });

  it('Multiboot 2: the VBE tag (7) right before the framebuffer tag in a graphics mode', () => {
    const image = mb2Kernel([0xf4], [{ type: 5, words: [1024, 768, 32] }]);
    const { ram, cpu } = boot(image, { framebuffer: FB });
    const info = cpu.gpr[6];
    const tags = infoTags(ram, info);
    const vbe = tags.get(7)!;
    expect(ram.u32(vbe + 4)).toBe(784);
    expect(vbe + 784).toBe(tags.get(8));
    expect(ram.u16(vbe + 8)).toBe(0x4144);
    expect([ram.u16(vbe + 10), ram.u16(vbe + 12), ram.u16(vbe + 14)]).toEqual([0, 0, 0]);
    expectSeaVgaBiosController(ram, vbe + 16);
    expectMode144(ram, vbe + 16 + 512);
  });

  it('Multiboot 2: no VBE tag for EGA text, as GRUB stops before it', () => {
    const image = mb2Kernel([0xf4], [{ type: 5, words: [1024, 768, 32] }]);
    const { ram, cpu } = boot(image);
    const tags = infoTags(ram, cpu.gpr[6]);
    expect(tags.has(8)).toBe(true);
    expect(tags.has(7)).toBe(false);
  });

  it('Multiboot 2: a required request for the VBE tag is met only with a graphics mode', () => {
    const image = mb2Kernel(
      [0xf4],
      [
        { type: 1, words: [7] },
        { type: 5, words: [1024, 768, 32] },
      ],
    );
    expect(planBoot(image, { framebuffer: FB }).ok).toBe(true);
    expect(planBoot(image)).toMatchObject({ ok: false, error: { code: 'BOOT_MB2_REQUIRED_INFO' } });
  });
});
