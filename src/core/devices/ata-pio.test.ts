import { describe, expect, it } from 'vitest';
import { PortBus } from '../io-bus.ts';
import { AtaPio } from './ata-pio.ts';
import { FakeDeviceHost } from './fake-device-host.ts';

const SECTORS = 64;

/** An image whose every byte says which sector it is in and where. */
function image(): Uint8Array {
  const img = new Uint8Array(SECTORS * 512);
  for (let i = 0; i < img.length; i++) img[i] = ((i >> 9) * 7 + (i & 511)) & 0xff;
  return img;
}

function setup(img: Uint8Array | null = image(), slaveImage?: Uint8Array) {
  const host = new FakeDeviceHost();
  const bus = new PortBus();
  const ata = new AtaPio(host, { image: img ?? undefined, slaveImage });
  ata.attach(bus);
  const outb = (p: number, v: number) => bus.out(p, 1, v);
  const inb = (p: number) => bus.in(p, 1);
  const status = () => inb(0x1f7);
  const readWords = (n: number) => Array.from({ length: n }, () => bus.in(0x1f0, 2));
  const readBytes = (sectors: number) => {
    const out = new Uint8Array(sectors * 512);
    for (let i = 0; i < out.length; i += 2) {
      const w = bus.in(0x1f0, 2);
      out[i] = w & 0xff;
      out[i + 1] = w >> 8;
    }
    return out;
  };
  const lba28 = (cmd: number, lba: number, count: number) => {
    outb(0x1f6, 0xe0 | (lba >>> 24));
    outb(0x1f2, count);
    outb(0x1f3, lba & 0xff);
    outb(0x1f4, (lba >> 8) & 0xff);
    outb(0x1f5, (lba >> 16) & 0xff);
    outb(0x1f7, cmd);
  };
  return {
    host,
    bus,
    ata,
    img: img ?? new Uint8Array(0),
    outb,
    inb,
    status,
    readWords,
    readBytes,
    lba28,
  };
}

/** The ATA string at words [from, from + n), byte-swapped back. */
function ataString(words: number[], from: number, n: number): string {
  let s = '';
  for (const w of words.slice(from, from + n)) s += String.fromCharCode(w >> 8, w & 0xff);
  return s;
}

describe('ATA PIO channel', () => {
  it('reads 0 in every register with no disk, as QEMU does, yet raises the IRQ for the master', () => {
    const { inb, outb, bus, host } = setup(null);
    expect([1, 2, 3, 4, 5, 6, 7].map((r) => inb(0x1f0 + r))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(inb(0x3f6)).toBe(0);
    // QEMU runs IDENTIFY on the empty master position: it aborts, and the IRQ rises.
    outb(0x1f6, 0xa0);
    outb(0x1f7, 0xec);
    expect(host.lines[14]).toBe(true);
    expect([inb(0x3f6), inb(0x1f1), bus.in(0x1f0, 2), inb(0x1f0)]).toEqual([0, 0, 0, 0]);
    expect(inb(0x1f7)).toBe(0);
    expect(host.lines[14]).toBe(false); // the status read acknowledged it
    // The empty slave position ignores commands.
    outb(0x1f6, 0xb0);
    outb(0x1f7, 0xec);
    expect(host.lines[14]).toBe(false);
    // A software reset ends in diagnostics, which raise the IRQ too.
    outb(0x3f6, 0x04);
    outb(0x3f6, 0x00);
    expect(host.lines[14]).toBe(true);
    expect(inb(0x1f7)).toBe(0);
  });

  it('comes out of reset ready, with the ATA signature and diagnostic code 1', () => {
    const { inb } = setup();
    expect(inb(0x1f7)).toBe(0x50);
    expect([1, 2, 3, 4, 5, 6].map((r) => inb(0x1f0 + r))).toEqual([0x01, 1, 1, 0, 0, 0xa0]);
  });

  it('answers IDENTIFY DEVICE with the model, sizes and capabilities, then raises IRQ14', () => {
    const { outb, status, readWords, host, inb } = setup();
    outb(0x1f6, 0xa0);
    outb(0x1f7, 0xec);
    expect(host.lines[14]).toBe(true);
    expect(inb(0x3f6)).toBe(0x58); // alternate status: DRQ, and the interrupt stays pending
    expect(host.lines[14]).toBe(true);
    expect(status()).toBe(0x58);
    expect(host.lines[14]).toBe(false);
    const w = readWords(256);
    expect(status()).toBe(0x50);
    expect(w[0]).toBe(0x0040);
    expect(ataString(w, 27, 20).trimEnd()).toBe('PAGESCOPE HARDDISK');
    expect(ataString(w, 10, 10).trimEnd()).toBe('PS00001');
    expect(w[49] & 0x0200).toBe(0x0200); // LBA
    expect(w[60] | (w[61] << 16)).toBe(SECTORS);
    expect(w[83] & 0x0400).toBe(0x0400); // 48-bit addressing
    expect(w[86] & 0x0400).toBe(0x0400);
    expect([w[100], w[101], w[102], w[103]]).toEqual([SECTORS, 0, 0, 0]);
    expect([w[1], w[3], w[6]]).toEqual([2, 16, 63]);
    const sum = w.reduce((s, x) => s + (x & 0xff) + (x >> 8), 0);
    expect([w[255] & 0xff, sum & 0xff]).toEqual([0xa5, 0]);
  });

  it('shows an empty slave position: status 0 and commands ignored', () => {
    const { outb, status, host } = setup();
    outb(0x1f6, 0xb0);
    expect(status()).toBe(0);
    outb(0x1f7, 0xec);
    expect(status()).toBe(0);
    expect(host.irqCalls).toEqual([]);
    outb(0x1f6, 0xa0);
    expect(status()).toBe(0x50);
  });

  it('reads sectors with one interrupt per sector, and writes are kept apart from the image', () => {
    const { lba28, status, readBytes, host, img, bus, ata, inb } = setup();
    const original = img.slice();
    lba28(0x20, 5, 2);
    expect(host.risingEdges(14)).toBe(1);
    expect(status()).toBe(0x58);
    // As in QEMU, the task file is past the block as soon as it is ready: count 1, LBA 6.
    expect([2, 3, 4, 5].map((r) => inb(0x1f0 + r))).toEqual([1, 6, 0, 0]);
    expect(readBytes(1)).toEqual(img.subarray(5 * 512, 6 * 512));
    expect(host.risingEdges(14)).toBe(2);
    expect(status()).toBe(0x58);
    expect(readBytes(1)).toEqual(img.subarray(6 * 512, 7 * 512));
    expect(status()).toBe(0x50);
    expect(host.risingEdges(14)).toBe(2);

    const data = new Uint8Array(1024).map((_, i) => (i * 13) & 0xff);
    lba28(0x30, 9, 2);
    expect(status()).toBe(0x58); // DRQ at once, no interrupt before the first sector
    expect(host.risingEdges(14)).toBe(2);
    const put = (from: number) => {
      for (let i = from; i < from + 512; i += 4) {
        bus.out(0x1f0, 4, data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
      }
    };
    put(0);
    expect(host.risingEdges(14)).toBe(3); // the first sector is taken
    expect(status()).toBe(0x58);
    put(512);
    expect(host.risingEdges(14)).toBe(4); // and the last: the command is done
    expect(status()).toBe(0x50);
    lba28(0x20, 9, 2);
    expect(readBytes(2)).toEqual(data);
    expect(img).toEqual(original);
    expect(ata.disk!.snapshot().subarray(9 * 512, 11 * 512)).toEqual(data);
  });

  it('addresses with LBA48 from both generations of the task file, and reads them back by HOB', () => {
    const { outb, inb, readBytes, img, status } = setup();
    outb(0x1f6, 0x40);
    for (const [reg, hi, lo] of [
      [2, 0, 1],
      [3, 0, 33],
      [4, 0, 0],
      [5, 0, 0],
    ]) {
      outb(0x1f0 + reg, hi);
      outb(0x1f0 + reg, lo);
    }
    outb(0x1f7, 0x24);
    expect(status()).toBe(0x58);
    expect(readBytes(1)).toEqual(img.subarray(33 * 512, 34 * 512));
    outb(0x1f2, 0x12);
    outb(0x1f2, 0x34);
    outb(0x3f6, 0x80);
    expect(inb(0x1f2)).toBe(0x12);
    outb(0x3f6, 0x00);
    expect(inb(0x1f2)).toBe(0x34);
  });

  it('reads by cylinder/head/sector when the LBA bit is clear', () => {
    const { outb, readBytes, img } = setup();
    outb(0x1f6, 0xa0); // head 0
    outb(0x1f2, 1);
    outb(0x1f3, 3); // sector 3 (1-based): LBA 2
    outb(0x1f4, 0);
    outb(0x1f5, 0);
    outb(0x1f7, 0x20);
    expect(readBytes(1)).toEqual(img.subarray(2 * 512, 3 * 512));
  });

  it('aborts a transfer past the end of the disk, and unknown commands', () => {
    const { lba28, status, inb, outb } = setup();
    lba28(0x20, SECTORS - 1, 2);
    expect(status()).toBe(0x41);
    expect(inb(0x1f1)).toBe(0x04);
    outb(0x1f7, 0xa1); // IDENTIFY PACKET DEVICE: not an ATAPI device
    expect(status()).toBe(0x41);
    outb(0x1f7, 0xe7); // FLUSH CACHE
    expect(status()).toBe(0x50);
  });

  it('masks IRQ14 with nIEN, and a software reset restores the signature', () => {
    const { outb, lba28, host, status, inb } = setup();
    outb(0x3f6, 0x02);
    lba28(0x20, 0, 1);
    expect(host.lines[14]).toBe(false);
    outb(0x3f6, 0x04); // SRST
    expect(inb(0x3f6) & 0x80).toBe(0x80);
    outb(0x3f6, 0x00);
    expect(status()).toBe(0x50);
    expect([1, 2, 3, 4, 5].map((r) => inb(0x1f0 + r))).toEqual([0x01, 1, 1, 0, 0]);
  });
});

/** A slave image of 16 sectors, each byte 0x80 + its sector number. */
function slaveImage(): Uint8Array {
  return new Uint8Array(16 * 512).map((_, i) => 0x80 + (i >> 9));
}

describe('ATA PIO channel with a slave disk', () => {
  it('answers the slave when DEV selects it: probe, IDENTIFY and its own sectors', () => {
    const { outb, status, readWords, readBytes, lba28, img, host } = setup(image(), slaveImage());
    // xv6's ideinit: select drive 1 and see whether its status reads non-zero.
    outb(0x1f6, 0xe0 | 0x10);
    expect(status()).toBe(0x50);
    outb(0x1f7, 0xec);
    expect(host.lines[14]).toBe(true);
    const w = readWords(256);
    expect(w[60] | (w[61] << 16)).toBe(16);
    // LBA28 with DEV set: sector 3 of the slave, then sector 3 of the master.
    outb(0x1f6, 0xf0);
    outb(0x1f2, 1);
    outb(0x1f3, 3);
    outb(0x1f4, 0);
    outb(0x1f5, 0);
    outb(0x1f7, 0x20);
    expect(readBytes(1)).toEqual(new Uint8Array(512).fill(0x83));
    lba28(0x20, 3, 1);
    expect(readBytes(1)).toEqual(img.subarray(3 * 512, 4 * 512));
  });

  it('writes to the disk the command addressed, and snapshots keep both disks', () => {
    const { outb, bus, ata, status } = setup(image(), slaveImage());
    const state = ata.saveState();
    outb(0x1f6, 0xf0);
    outb(0x1f2, 1);
    outb(0x1f3, 2);
    outb(0x1f4, 0);
    outb(0x1f5, 0);
    outb(0x1f7, 0x30);
    for (let i = 0; i < 512; i += 2) bus.out(0x1f0, 2, 0x1234);
    expect(status()).toBe(0x50);
    expect(ata.slaveDisk!.snapshot()[2 * 512 + 1]).toBe(0x12);
    expect(ata.disk!.snapshot()[2 * 512 + 1]).toBe(image()[2 * 512 + 1]);
    ata.loadState(state);
    expect(ata.slaveDisk!.snapshot()[2 * 512 + 1]).toBe(0x82);
  });

  it('with only a slave, the empty master position reads ready and aborts IDENTIFY, as in QEMU', () => {
    const { outb, inb, status, host } = setup(null, slaveImage());
    outb(0x1f6, 0xe0);
    expect([status(), inb(0x3f6)]).toEqual([0x50, 0x50]);
    outb(0x1f7, 0xec);
    expect(host.lines[14]).toBe(true);
    expect([status(), inb(0x1f1)]).toEqual([0x41, 0x04]);
    outb(0x1f7, 0x20); // READ SECTORS: no medium
    expect([status(), inb(0x1f1)]).toEqual([0x41, 0x04]);
    // Diagnostics leave the empty position's signature, 0xff in LBA mid and high.
    outb(0x1f7, 0x90);
    expect([1, 2, 3, 4, 5, 7].map((r) => inb(0x1f0 + r))).toEqual([1, 1, 1, 0xff, 0xff, 0x50]);
    // The slave keeps its own registers and answers.
    outb(0x1f6, 0xf0);
    expect([inb(0x1f1), inb(0x1f4), inb(0x1f5)]).toEqual([0x01, 0, 0]);
    outb(0x1f7, 0xec);
    expect(status()).toBe(0x58);
  });

  it('resets both positions on SRST: ATA signature where a disk is, 0xff/0xff where none', () => {
    const { outb, inb } = setup(image());
    outb(0x3f6, 0x04);
    outb(0x3f6, 0x00);
    const regs = () => [1, 2, 3, 4, 5, 6, 7].map((r) => inb(0x1f0 + r));
    expect(regs()).toEqual([0x01, 1, 1, 0, 0, 0xa0, 0x50]);
    outb(0x1f6, 0xb0);
    expect(regs()).toEqual([0, 1, 1, 0xff, 0xff, 0xb0, 0]);
  });
});

describe('ATA data register', () => {
  it('reads a byte as QEMU 7.2 does: a whole word taken from the buffer, its low byte kept', () => {
    const { outb, inb, bus } = setup();
    outb(0x1f6, 0xa0);
    outb(0x1f7, 0xec);
    expect(inb(0x1f0)).toBe(0x40); // word 0 = 0x0040
    expect(bus.in(0x1f0, 2)).toBe(2); // word 1: cylinders
  });
});

describe('the secondary ATA channel', () => {
  const SECONDARY = { base: 0x170, control: 0x376, irq: 15 };

  it('answers at 0x170-0x177 and 0x376 on IRQ15, empty as QEMU has it without a drive', () => {
    const host = new FakeDeviceHost();
    const bus = new PortBus();
    new AtaPio(host, { channel: SECONDARY }).attach(bus);
    expect([1, 2, 3, 4, 5, 6, 7].map((r) => bus.in(0x170 + r, 1))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(bus.in(0x376, 1)).toBe(0);
    bus.out(0x177, 1, 0xec);
    expect(host.lines[15]).toBe(true);
    expect(host.irqCalls.every((c) => c.line === 15)).toBe(true);
    expect(bus.in(0x177, 1)).toBe(0);
    expect(host.lines[15]).toBe(false);
  });

  it('serves a disk on its master position like the primary channel', () => {
    const host = new FakeDeviceHost();
    const bus = new PortBus();
    const img = image();
    new AtaPio(host, { image: img, channel: SECONDARY }).attach(bus);
    bus.out(0x176, 1, 0xe0);
    bus.out(0x172, 1, 1);
    bus.out(0x173, 1, 7);
    bus.out(0x174, 1, 0);
    bus.out(0x175, 1, 0);
    bus.out(0x177, 1, 0x20);
    expect(host.lines[15]).toBe(true);
    expect(bus.in(0x177, 1)).toBe(0x58);
    const first = bus.in(0x170, 4);
    expect(first).toBe(
      (img[7 * 512] |
        (img[7 * 512 + 1] << 8) |
        (img[7 * 512 + 2] << 16) |
        (img[7 * 512 + 3] << 24)) >>>
        0,
    );
  });
});
