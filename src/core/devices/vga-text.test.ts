import { describe, expect, it } from 'vitest';
import { PortBus } from '../io-bus.ts';
import { PhysicalMemory } from '../memory/physical-memory.ts';
import { FakeDeviceHost } from './fake-device-host.ts';
import { TEXT_BASE, VgaText } from './vga-text.ts';

function setup(ramSize = 1 << 20) {
  const host = new FakeDeviceHost();
  const bus = new PortBus();
  const mem = new PhysicalMemory(ramSize);
  const vga = new VgaText(host, mem);
  vga.attach(bus);
  const outb = (p: number, v: number) => bus.out(p, 1, v);
  const inb = (p: number) => bus.in(p, 1);
  const crtc = (i: number, v: number) => (outb(0x3d4, i), outb(0x3d5, v));
  const put = (row: number, col: number, s: string, attr = 0x07) => {
    for (let i = 0; i < s.length; i++) {
      mem.write(TEXT_BASE + (row * 80 + col + i) * 2, 2, s.charCodeAt(i) | (attr << 8));
    }
  };
  return { host, bus, mem, vga, outb, inb, crtc, put };
}

describe('VGA text mode', () => {
  it('renders 80x25 cells from 0xb8000 through code page 437, with their attributes', () => {
    const { vga, put, mem } = setup();
    put(0, 0, 'Hello', 0x1f);
    mem.write(TEXT_BASE + 10, 1, 0xdb); // a full block after "Hello"
    put(24, 75, 'end');
    const s = vga.render();
    expect([s.cols, s.rows]).toEqual([80, 25]);
    const lines = s.text.split('\n');
    expect(lines).toHaveLength(25);
    expect(lines[0].slice(0, 6)).toBe('Hello█');
    expect(lines[24].slice(75, 78)).toBe('end');
    expect(s.attrs[0]).toBe(0x1f);
    expect(s.attrs[24 * 80 + 75]).toBe(0x07);
  });

  it('places the cursor from CRTC 0x0e/0x0f and hides it with CR0A bit 5', () => {
    const { vga, crtc, bus } = setup();
    const pos = 3 * 80 + 7;
    crtc(0x0f, pos & 0xff);
    crtc(0x0e, pos >> 8);
    expect(vga.render().cursor).toEqual({ row: 3, col: 7, visible: true });
    bus.out(0x3d4, 2, 0x200a); // outw: index 0x0a, data 0x20
    expect(vga.render().cursor.visible).toBe(false);
    bus.out(0x3d4, 2, 0x0e0a);
    expect(vga.render().cursor.visible).toBe(true);
  });

  it('reads back the CRTC, and keeps CR00-CR07 locked as mode 3 leaves them', () => {
    const { outb, inb, crtc } = setup();
    outb(0x3d4, 0x0a);
    expect([inb(0x3d4), inb(0x3d5)]).toEqual([0x0a, 0x0d]);
    crtc(0x01, 0x27);
    outb(0x3d4, 0x01);
    expect(inb(0x3d5)).toBe(0x4f);
    crtc(0x11, 0x0e); // unlock
    crtc(0x01, 0x27);
    outb(0x3d4, 0x01);
    expect(inb(0x3d5)).toBe(0x27);
  });

  it('scrolls the display with the start address', () => {
    const { vga, crtc, put } = setup();
    put(1, 0, 'second');
    crtc(0x0c, 0);
    crtc(0x0d, 80);
    expect(vga.render().text.startsWith('second')).toBe(true);
  });

  it('toggles the retrace bit on each status read and resets the attribute flip-flop', () => {
    const { inb, outb, vga } = setup();
    const bits = [1, 2, 3, 4].map(() => inb(0x3da) & 0x09);
    expect(bits).toEqual([0x09, 0x00, 0x09, 0x00]);
    outb(0x3c0, 0x10); // index: mode control
    inb(0x3da); // back to "index" state
    outb(0x3c0, 0x10);
    outb(0x3c0, 0x04); // data: blink off
    expect(inb(0x3c1)).toBe(0x04);
    expect(vga.render().blink).toBe(false);
  });

  it('ignores the mono CRTC ports in colour mode, as the hardware decodes one set', () => {
    const { inb, outb } = setup();
    outb(0x3b4, 0x0a);
    expect(inb(0x3b5)).toBe(0xff);
    expect(inb(0x3cc)).toBe(0x67);
  });

  it('reads and writes DAC triplets and shows them in the text palette', () => {
    const { inb, outb, vga } = setup();
    expect(vga.render().palette.slice(0, 8)).toEqual([
      0x000000, 0x0000aa, 0x00aa00, 0x00aaaa, 0xaa0000, 0xaa00aa, 0xaa5500, 0xaaaaaa,
    ]);
    expect(vga.render().palette[15]).toBe(0xffffff);
    outb(0x3c8, 1);
    [63, 0, 0, 0, 63, 0].forEach((v) => outb(0x3c9, v));
    outb(0x3c7, 1);
    expect([1, 2, 3, 4, 5, 6].map(() => inb(0x3c9))).toEqual([63, 0, 0, 0, 63, 0]);
    expect(vga.render().palette.slice(1, 3)).toEqual([0xff0000, 0x00ff00]);
  });

  it('emits one text-screen-changed per change until the UI renders again', () => {
    const { host, vga, put, crtc } = setup();
    expect(vga.poll()).toBe(true); // never rendered yet
    expect(host.eventsOf('text-screen-changed')).toHaveLength(1);
    vga.render();
    expect(vga.poll()).toBe(false);
    put(5, 5, 'x');
    vga.poll();
    put(5, 6, 'y');
    vga.poll();
    expect(host.eventsOf('text-screen-changed')).toHaveLength(2);
    vga.render();
    vga.poll();
    expect(host.eventsOf('text-screen-changed')).toHaveLength(2);
    crtc(0x0f, 9); // a cursor move is a change too
    expect(vga.poll()).toBe(true);
    expect(host.eventsOf('text-screen-changed')).toHaveLength(3);
  });

  it('backs the text window with its own memory when RAM does not reach it', () => {
    const { vga, mem } = setup(0x80000);
    mem.write(TEXT_BASE, 2, 0x4f41);
    expect(mem.read(TEXT_BASE, 2)).toBe(0x4f41);
    const s = vga.render();
    expect([s.text[0], s.attrs[0]]).toEqual(['A', 0x4f]);
  });
});
