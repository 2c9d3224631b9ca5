import { beforeEach, describe, expect, it } from 'vitest';
import { PortBus } from '../io-bus.ts';
import { FakeDeviceHost } from './fake-device-host.ts';
import { Pit8254 } from './pit8254.ts';

let host: FakeDeviceHost;
let pit: Pit8254;
let bus: PortBus;
const out = (port: number, v: number) => bus.out(port, 1, v);
const inb = (port: number) => bus.in(port, 1);
/** Guest time at which PIT clock `c` has been reached. */
const at = (c: number) => pit.clock.instructionAtTick(c);
/** The PIT clock now. */
const clock = () => pit.clockAt(host.now());

function program(channel: number, mode: number, count: number): number {
  out(0x43, (channel << 6) | 0x30 | (mode << 1));
  out(0x40 + channel, count & 0xff);
  out(0x40 + channel, count >> 8);
  return clock();
}

beforeEach(() => {
  host = new FakeDeviceHost();
  host.time = 1000;
  bus = new PortBus();
  pit = new Pit8254(host);
  pit.register(bus);
});

describe('8254 PIT', () => {
  it('raises IRQ0 once a period in mode 2, the first N + 1 clocks after the write', () => {
    const c0 = program(0, 2, 100);
    // The control word sets OUT high; the count loads on the next clock; OUT drops for
    // the last clock of each period and rises at the reload.
    expect(host.risingEdges(0)).toBe(1);
    expect(host.timerFor(pit)).toBe(at(c0 + 1 + 99));
    host.advanceTo(at(c0 + 1 + 100) - 1);
    expect(host.lines[0]).toBe(false);
    expect(host.risingEdges(0)).toBe(1);
    host.advanceTo(at(c0 + 1 + 100));
    expect(host.risingEdges(0)).toBe(2);
    host.advanceTo(at(c0 + 1 + 1000));
    expect(host.risingEdges(0)).toBe(11);
  });

  it('makes a square wave in mode 3: high for ceil(N/2) clocks, low for floor(N/2)', () => {
    const c0 = program(0, 3, 5);
    host.advanceTo(at(c0 + 1 + 2));
    expect(host.lines[0]).toBe(true);
    host.advanceTo(at(c0 + 1 + 3));
    expect(host.lines[0]).toBe(false);
    host.advanceTo(at(c0 + 1 + 5));
    expect(host.lines[0]).toBe(true);
    host.advanceTo(at(c0 + 1 + 500));
    expect(host.risingEdges(0)).toBe(101);
  });

  it('raises OUT once at terminal count in mode 0, having dropped it at the control word', () => {
    out(0x43, 0x30);
    expect(pit.channels[0].out(clock())).toBe(false);
    const c0 = program(0, 0, 50);
    host.advanceTo(at(c0 + 1 + 49));
    expect(host.lines[0]).toBe(false);
    host.advanceTo(at(c0 + 1 + 50));
    expect(host.lines[0]).toBe(true);
    host.advanceTo(at(c0 + 1 + 100_000));
    expect(host.risingEdges(0)).toBe(1);
    expect(host.timerFor(pit)).toBeUndefined();
  });

  it('strobes OUT low for one clock at terminal count in mode 4', () => {
    const c0 = program(0, 4, 10);
    host.advanceTo(at(c0 + 1 + 10));
    expect(host.lines[0]).toBe(false);
    host.advanceTo(at(c0 + 1 + 11));
    expect(host.lines[0]).toBe(true);
    expect(host.timerFor(pit)).toBeUndefined();
  });

  it('counts down as read LSB then MSB, and holds a latched count until it is read', () => {
    const c0 = program(0, 2, 1000);
    host.advanceTo(at(c0 + 1 + 10));
    expect(inb(0x40) | (inb(0x40) << 8)).toBe(990);
    out(0x43, 0x00); // latch channel 0
    host.advanceTo(at(c0 + 1 + 20));
    out(0x43, 0x00); // ignored: the first latch is not read yet
    expect(inb(0x40) | (inb(0x40) << 8)).toBe(990);
    expect(inb(0x40) | (inb(0x40) << 8)).toBe(980);
  });

  it('reads back status: OUT, null count until loaded, access mode, mode, BCD', () => {
    out(0x43, 0xb4); // channel 2, LSB/MSB, mode 2
    out(0x43, 0xe8); // read-back status of channel 2
    expect(inb(0x42)).toBe(0xc0 | 0x34);
    out(0x42, 0x10);
    out(0x42, 0x00);
    out(0x43, 0xe8);
    expect(inb(0x42) & 0x40).toBe(0x40);
    host.advance(1000);
    out(0x43, 0xe8);
    expect(inb(0x42)).toBe(0x80 | 0x34);
  });

  it('reads back counts of several channels at once', () => {
    program(0, 2, 300);
    program(1, 2, 400);
    out(0x43, 0xd6); // read-back count of channels 0 and 1
    host.advance(100_000);
    expect(inb(0x40) | (inb(0x40) << 8)).toBe(300);
    expect(inb(0x41) | (inb(0x41) << 8)).toBe(400);
  });

  it('gates channel 2 from port 0x61 bit 0 and shows its OUT in bit 5 (calibration loop)', () => {
    out(0x61, 0x00);
    const c0 = program(2, 0, 0x800);
    host.advance(at(c0 + 0x1000) - host.now());
    // Gate low: the count has not moved.
    expect(inb(0x61) & 0x20).toBe(0);
    out(0x61, 0x01);
    const start = clock();
    out(0x43, 0x80);
    expect(inb(0x42) | (inb(0x42) << 8)).toBe(0x800);
    let polls = 0;
    while ((inb(0x61) & 0x20) === 0) {
      host.advance(50);
      polls++;
    }
    expect(polls).toBeGreaterThan(1000);
    const elapsed = clock() - start;
    expect(elapsed).toBeGreaterThanOrEqual(0x800);
    expect(elapsed).toBeLessThanOrEqual(0x802);
    expect(inb(0x61) & 0x01).toBe(1);
  });

  it('toggles port 0x61 bit 4 with the 15 us DRAM refresh', () => {
    const c = clock();
    host.advanceTo(at(Math.ceil((c + 1) / 18) * 18));
    const a = inb(0x61) & 0x10;
    host.advance(at(18) + 1);
    expect(inb(0x61) & 0x10).toBe(a ^ 0x10);
  });

  it('counts in BCD and takes LSB-only and MSB-only counts', () => {
    out(0x43, 0x35); // channel 0, LSB/MSB, mode 2, BCD
    out(0x40, 0x00);
    out(0x40, 0x10); // 1000 in BCD
    const c0 = clock();
    host.advanceTo(at(c0 + 1 + 1));
    expect(inb(0x40) | (inb(0x40) << 8)).toBe(0x0999);
    out(0x43, 0x10 | 0x04); // LSB only, mode 2
    out(0x40, 0x40);
    expect(pit.channels[0].count).toBe(0x40);
    out(0x43, 0x20 | 0x04); // MSB only
    out(0x40, 0x01);
    expect(pit.channels[0].count).toBe(0x100);
  });

  it('treats a written 0 as 65536', () => {
    const c0 = program(0, 2, 0);
    host.advanceTo(at(c0 + 1 + 65535));
    expect(host.risingEdges(0)).toBe(1);
    host.advanceTo(at(c0 + 1 + 65536));
    expect(host.risingEdges(0)).toBe(2);
  });
});
