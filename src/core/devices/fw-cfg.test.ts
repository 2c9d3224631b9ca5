import { describe, expect, it } from 'vitest';
import { PortBus } from '../io-bus.ts';
import { FW_CFG_FILE_DIR, FwCfg } from './fw-cfg.ts';

function setup(files?: { name: string; data: Uint8Array }[]) {
  const bus = new PortBus();
  const fw = new FwCfg({ ramSize: 0x1_2000_0000, cpus: 1, files });
  fw.attach(bus);
  const select = (key: number) => bus.out(0x510, 2, key);
  const bytes = (n: number) => Array.from({ length: n }, () => bus.in(0x511, 1));
  return { bus, fw, select, bytes };
}

/** The file directory as a kernel parses it: big-endian count, then 64-byte entries. */
function directory(select: (k: number) => void, bytes: (n: number) => number[]) {
  select(FW_CFG_FILE_DIR);
  const be = (b: number[]) => b.reduce((v, x) => v * 256 + x, 0);
  const count = be(bytes(4));
  return Array.from({ length: count }, () => {
    const size = be(bytes(4));
    const key = be(bytes(2));
    bytes(2);
    const name = String.fromCharCode(...bytes(56)).replace(/\0+$/, '');
    return { name, size, key };
  });
}

describe('QEMU fw_cfg (I/O port interface)', () => {
  it('reads the "QEMU" signature byte by byte, then zeros past the end', () => {
    const { select, bytes } = setup();
    select(0x0000);
    expect(String.fromCharCode(...bytes(4))).toBe('QEMU');
    expect(bytes(2)).toEqual([0, 0]);
    select(0x0000); // selecting again rewinds
    expect(bytes(1)).toEqual([0x51]);
  });

  it('reports the traditional interface only (ID bit 1, DMA, clear) and no DMA port', () => {
    const { select, bytes, bus } = setup();
    select(0x0001);
    expect(bytes(4)).toEqual([1, 0, 0, 0]);
    expect(bus.in(0x514, 1)).toBe(0xff);
  });

  it('gives the RAM size as a little-endian u64 and one CPU', () => {
    const { select, bytes } = setup();
    select(0x0003);
    expect(bytes(8)).toEqual([0, 0, 0, 0x20, 1, 0, 0, 0]);
    select(0x0005);
    expect(bytes(2)).toEqual([1, 0]);
    select(0x000f);
    expect(bytes(2)).toEqual([1, 0]);
  });

  it('reads data at 0x510 too, ignores byte writes, and answers unknown keys with zeros', () => {
    const { select, bytes, bus } = setup();
    select(0x0000);
    expect(bus.in(0x510, 1)).toBe(0x51);
    bus.out(0x510, 1, 0x05); // a data write, not a selection
    expect(bytes(1)).toEqual([0x45]);
    select(0x0123);
    expect(bytes(4)).toEqual([0, 0, 0, 0]);
    select(0x4000); // the write channel bit is not part of the key
    expect(bytes(1)).toEqual([0x51]);
  });

  it('lists files sorted by name with big-endian sizes and their selectors', () => {
    const data = new TextEncoder().encode('hello');
    const { select, bytes, fw } = setup([{ name: 'opt/pagescope/greeting', data }]);
    const dir = directory(select, bytes);
    expect(dir).toEqual([
      { name: 'etc/boot-fail-wait', size: 4, key: 0x20 },
      { name: 'opt/pagescope/greeting', size: 5, key: 0x21 },
    ]);
    select(0x21);
    expect(String.fromCharCode(...bytes(5))).toBe('hello');
    fw.addFile('etc/e820', new Uint8Array(20));
    expect(directory(select, bytes).map((f) => [f.name, f.key])).toEqual([
      ['etc/boot-fail-wait', 0x20],
      ['etc/e820', 0x21],
      ['opt/pagescope/greeting', 0x22],
    ]);
    expect(fw.fileKey('opt/pagescope/greeting')).toBe(0x22);
  });
});
