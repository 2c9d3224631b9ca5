import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from './physical-memory.ts';

const GIB = 2 ** 30;

describe('PhysicalMemory: RAM layout', () => {
  it('puts all of a small RAM at 0 and nothing at 4 GiB', () => {
    const m = new PhysicalMemory(16 << 20);
    expect(m.low).toBe(16 << 20);
    expect(m.end).toBe(16 << 20);
    expect(m.offsetOf(0x1234)).toBe(0x1234);
    expect(m.offsetOf(16 << 20)).toBe(-1);
    expect(m.offsetOf(4 * GIB)).toBe(-1);
    expect(m.read(16 << 20, 4)).toBe(0xffffffff);
  });

  it('maps 4 GiB as 3 GiB from 0 and 1 GiB from 4 GiB, the PCI hole between unbacked', () => {
    const m = new PhysicalMemory(4 * GIB);
    expect(m.low).toBe(3 * GIB);
    expect(m.end).toBe(5 * GIB);
    expect(m.offsetOf(3 * GIB - 1)).toBe(3 * GIB - 1);
    expect(m.offsetOf(3 * GIB)).toBe(-1);
    expect(m.offsetOf(0xfee00000)).toBe(-1);
    expect(m.offsetOf(4 * GIB + 0x10)).toBe(3 * GIB + 0x10);
    expect(m.offsetOf(5 * GIB)).toBe(-1);
    expect(m.physicalOf(3 * GIB + 0x10)).toBe(4 * GIB + 0x10);
    expect(m.isRam(3 * GIB + 0x1000)).toBe(false);
    expect(m.overlapsRam(0xfd000000, 0x1000000)).toBe(false);
    expect(m.overlapsRam(4 * GIB - 4096, 8192)).toBe(true);

    m.write(4 * GIB + 0x100, 4, 0xcafef00d);
    expect(m.view.getUint32(3 * GIB + 0x100, true)).toBe(0xcafef00d);
    expect(m.read(4 * GIB + 0x100, 2)).toBe(0xf00d);
    expect(m.written[(3 * GIB) / 4096]).toBe(1);
    // The hole reads as all ones and drops writes, even right under RAM's second piece.
    m.write(4 * GIB - 4, 4, 0x12345678);
    expect(m.read(4 * GIB - 4, 4)).toBe(0xffffffff);
    expect(m.read(3 * GIB, 1)).toBe(0xff);
    // A dword straddling 4 GiB: the hole's bytes read as ones, RAM's from the buffer.
    m.write(4 * GIB - 2, 4, 0xaabbccdd);
    expect(m.read(4 * GIB, 2)).toBe(0xaabb);
    expect(m.read(4 * GIB - 2, 4)).toBe(0xaabbffff);
  });
});
