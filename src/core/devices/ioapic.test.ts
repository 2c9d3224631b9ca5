import { beforeEach, describe, expect, it } from 'vitest';
import { IoApic } from './ioapic.ts';

interface Message {
  vector: number;
  mode: number;
  logical: boolean;
  dest: number;
  level: boolean;
}

let sent: Message[];
let io: IoApic;

const select = (reg: number) => io.write(0x00, 4, reg);
const rd = (reg: number) => (select(reg), io.read(0x10, 4));
const wr = (reg: number, v: number) => (select(reg), io.write(0x10, 4, v));
/** Programs redirection entry `pin`. */
const route = (pin: number, lo: number, hi = 0) => {
  wr(0x11 + 2 * pin, hi);
  wr(0x10 + 2 * pin, lo);
};

beforeEach(() => {
  sent = [];
  io = new IoApic({
    deliver(vector, mode, logical, dest, level) {
      sent.push({ vector, mode, logical, dest, level });
      return true;
    },
  });
});

describe('I/O APIC', () => {
  it('resets with every entry masked and reports version 0x20 with 24 entries', () => {
    expect(rd(0x01)).toBe(0x00170020);
    for (let pin = 0; pin < 24; pin++) expect(rd(0x10 + 2 * pin)).toBe(0x10000);
    wr(0x00, 0x0a000000);
    expect(rd(0x00)).toBe(0x0a000000);
    expect(io.read(0x00, 4)).toBe(0x00);
  });

  it('sends an edge-triggered entry once per rising edge, with its destination fields', () => {
    route(2, 0x0830, 0x03000000); // vector 0x30, logical destination 3
    io.setPin(2, true);
    io.setPin(2, true);
    io.setPin(2, false);
    io.setPin(2, true);
    expect(sent).toEqual([
      { vector: 0x30, mode: 0, logical: true, dest: 3, level: false },
      { vector: 0x30, mode: 0, logical: true, dest: 3, level: false },
    ]);
  });

  it('drops an edge that comes while the entry is masked (82093AA, and QEMU)', () => {
    route(4, 0x10031);
    io.setPin(4, true);
    io.setPin(4, false);
    route(4, 0x0031);
    expect(sent).toEqual([]);
    io.setPin(4, true);
    expect(sent.map((m) => m.vector)).toEqual([0x31]);
  });

  it('delivers a level-triggered entry unmasked while its line is up', () => {
    route(5, 0x18032);
    io.setPin(5, true);
    expect(sent).toEqual([]);
    route(5, 0x8032);
    expect(sent.map((m) => m.vector)).toEqual([0x32]);
  });

  it('holds a level-triggered entry in remote IRR until EOI, then resends if still asserted', () => {
    route(9, 0x8040); // level, active high, vector 0x40
    io.setPin(9, true);
    expect(sent.length).toBe(1);
    expect(rd(0x10 + 18) & 0x4000).toBe(0x4000);
    io.setPin(9, false);
    io.setPin(9, true);
    expect(sent.length).toBe(1);
    io.eoi(0x40);
    expect(sent.length).toBe(2);
    io.setPin(9, false);
    io.eoi(0x40);
    expect(sent.length).toBe(2);
    expect(rd(0x10 + 18) & 0x4000).toBe(0);
  });

  it('takes EOIs through its EOI register and clears remote IRR when an entry turns edge', () => {
    route(10, 0x8041);
    io.setPin(10, true);
    io.write(0x40, 4, 0x41);
    expect(sent.length).toBe(2);
    expect(rd(0x10 + 20) & 0x4000).toBe(0x4000);
    route(10, 0x0041);
    expect(rd(0x10 + 20) & 0x4000).toBe(0);
  });

  it('keeps delivery status and remote IRR read-only', () => {
    route(1, 0xffffffff);
    expect(rd(0x12) >>> 0).toBe(0x1afff);
  });

  it('knows when an unmasked entry delivers NMI', () => {
    expect(io.routesNmi()).toBe(false);
    route(3, 0x10400);
    expect(io.routesNmi()).toBe(false);
    route(3, 0x00400);
    expect(io.routesNmi()).toBe(true);
  });
});
