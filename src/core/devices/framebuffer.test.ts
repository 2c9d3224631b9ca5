import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../memory/physical-memory.ts';
import { FakeDeviceHost } from './fake-device-host.ts';
import { DEFAULT_FRAMEBUFFER_BASE, Framebuffer } from './framebuffer.ts';

const W = 16;
const H = 8;

describe('linear framebuffer', () => {
  it('answers at 0xfd000000 as MMIO and describes itself as XRGB8888 for the boot info', () => {
    const host = new FakeDeviceHost();
    const mem = new PhysicalMemory(1 << 20);
    const fb = new Framebuffer(host, mem, { width: W, height: H, pitch: 80 });
    expect(fb.ramBacked).toBe(false);
    expect(fb.info).toEqual({
      address: DEFAULT_FRAMEBUFFER_BASE,
      width: W,
      height: H,
      pitch: 80,
      bpp: 32,
      redShift: 16,
      greenShift: 8,
      blueShift: 0,
      maskSize: 8,
    });
    mem.write(DEFAULT_FRAMEBUFFER_BASE + 80 + 4, 4, 0x00ff8040);
    expect(mem.read(DEFAULT_FRAMEBUFFER_BASE + 84, 4)).toBe(0x00ff8040);
    expect(mem.read(DEFAULT_FRAMEBUFFER_BASE + 86, 1)).toBe(0xff);
  });

  it('converts XRGB to ImageData RGBA, only the rows written since the last read', () => {
    const host = new FakeDeviceHost();
    const mem = new PhysicalMemory(1 << 20);
    const fb = new Framebuffer(host, mem, { width: W, height: H });
    const out = new Uint8ClampedArray(W * H * 4);
    expect(fb.readRgba(out)).toEqual({ top: 0, bottom: H }); // the first frame is all of it
    expect(fb.readRgba(out)).toBeNull();
    mem.write(DEFAULT_FRAMEBUFFER_BASE + (3 * W + 2) * 4, 4, 0x00ff8040);
    mem.write(DEFAULT_FRAMEBUFFER_BASE + (5 * W + 0) * 4, 1, 0x11);
    expect(host.eventsOf('framebuffer-changed')).toHaveLength(1);
    expect(fb.readRgba(out)).toEqual({ top: 3, bottom: 6 });
    const p = (3 * W + 2) * 4;
    expect(Array.from(out.subarray(p, p + 4))).toEqual([0xff, 0x80, 0x40, 0xff]);
    mem.write(DEFAULT_FRAMEBUFFER_BASE, 4, 1);
    expect(host.eventsOf('framebuffer-changed')).toHaveLength(2);
  });

  it('finds changes by comparison when the framebuffer lies in RAM', () => {
    const host = new FakeDeviceHost();
    const mem = new PhysicalMemory(1 << 20);
    const base = 0x80000;
    const fb = new Framebuffer(host, mem, { base, width: W, height: H });
    expect(fb.ramBacked).toBe(true);
    const out = new Uint8Array(W * H * 4);
    fb.readRgba(out);
    expect(fb.poll()).toBe(false);
    expect(host.eventsOf('framebuffer-changed')).toHaveLength(0);
    mem.write(base + (6 * W + 1) * 4, 4, 0x000000ff);
    expect(fb.poll()).toBe(true);
    expect(fb.poll()).toBe(true); // still unread: no second event
    expect(host.eventsOf('framebuffer-changed')).toHaveLength(1);
    expect(fb.readRgba(out)).toEqual({ top: 6, bottom: 7 });
    expect(Array.from(out.subarray((6 * W + 1) * 4, (6 * W + 2) * 4))).toEqual([0, 0, 255, 255]);
    expect(fb.poll()).toBe(false);
  });

  it('refuses a pitch that cannot hold a row, and a buffer that straddles the end of RAM', () => {
    const host = new FakeDeviceHost();
    const mem = new PhysicalMemory(1 << 20);
    expect(() => new Framebuffer(host, mem, { width: 100, pitch: 200 })).toThrow(RangeError);
    expect(() => new Framebuffer(host, mem, { base: 0xff000, width: 1024 })).toThrow(RangeError);
  });
});
