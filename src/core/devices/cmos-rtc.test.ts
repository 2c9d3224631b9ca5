import { beforeEach, describe, expect, it } from 'vitest';
import { PortBus } from '../io-bus.ts';
import { GUEST_INSTRUCTIONS_PER_SECOND as SECOND } from '../time.ts';
import { CmosRtc } from './cmos-rtc.ts';
import { FakeDeviceHost } from './fake-device-host.ts';

let host: FakeDeviceHost;
let rtc: CmosRtc;
let bus: PortBus;

const rd = (index: number) => (bus.out(0x70, 1, index), bus.in(0x71, 1));
const wr = (index: number, v: number) => (bus.out(0x70, 1, index), bus.out(0x71, 1, v));
/** Seconds, minutes, hours, weekday, day, month, year, century as the registers read. */
const clock = () => [0, 2, 4, 6, 7, 8, 9, 0x32].map(rd);

function make(startTime?: number, ramSize = 256 << 20): void {
  host = new FakeDeviceHost();
  rtc = new CmosRtc(host, { startTime, ramSize });
  bus = new PortBus();
  rtc.register(bus);
}

beforeEach(() => make());

describe('MC146818 RTC', () => {
  it('starts at 2024-01-01 00:00:00, a Monday, in BCD and 24-hour mode', () => {
    expect(rd(0x0b)).toBe(0x02);
    expect(rd(0x0a)).toBe(0x26);
    expect(rd(0x0d)).toBe(0x80);
    expect(clock()).toEqual([0, 0, 0, 2, 1, 1, 0x24, 0x20]);
  });

  it('runs on guest time across a day, a month and a leap day', () => {
    make(Date.UTC(2000, 1, 28, 23, 59, 58) / 1000);
    host.advanceTo(2 * SECOND);
    expect(clock()).toEqual([0, 0, 0, 3, 0x29, 0x02, 0x00, 0x20]);
    host.advanceTo((2 + 86400) * SECOND);
    expect(clock()).toEqual([0, 0, 0, 4, 0x01, 0x03, 0x00, 0x20]);
  });

  it('presents binary and 12-hour values as register B asks', () => {
    make(Date.UTC(2031, 11, 25, 13, 45, 30) / 1000);
    wr(0x0b, 0x06);
    expect(clock()).toEqual([30, 45, 13, 5, 25, 12, 31, 20]);
    wr(0x0b, 0x00);
    expect(rd(4)).toBe(0x81);
    wr(0x0b, 0x04);
    expect(rd(4)).toBe(0x81);
  });

  it('raises UIP in the last 244 us before each update', () => {
    host.advanceTo(SECOND - 30_000);
    expect(rd(0x0a) & 0x80).toBe(0);
    host.advanceTo(SECOND - 20_000);
    expect(rd(0x0a) & 0x80).toBe(0x80);
    host.advanceTo(SECOND);
    expect(rd(0x0a) & 0x80).toBe(0);
  });

  it('freezes under SET for the guest to write, then runs from the written time', () => {
    host.advanceTo(5 * SECOND);
    wr(0x0b, 0x82);
    host.advanceTo(7 * SECOND);
    expect(rd(0)).toBe(0x05);
    wr(0, 0x30);
    wr(2, 0x15);
    wr(4, 0x09);
    wr(0x0b, 0x02);
    host.advanceTo(9 * SECOND);
    expect(clock().slice(0, 3)).toEqual([0x32, 0x15, 0x09]);
  });

  it('interrupts at the periodic rate on IRQ8 until register C is read', () => {
    wr(0x0b, 0x42); // PIE
    host.advanceTo(SECOND / 1024 - 1);
    expect(host.lines[8]).toBe(false);
    host.advanceTo(Math.ceil(SECOND / 1024));
    expect(host.lines[8]).toBe(true);
    expect(rd(0x0c)).toBe(0xc0);
    expect(host.lines[8]).toBe(false);
    expect(rd(0x0c)).toBe(0);
    host.advanceTo(SECOND / 10);
    expect(host.risingEdges(8)).toBe(2);
    rd(0x0c);
    host.advanceTo(SECOND / 5);
    expect(host.risingEdges(8)).toBe(3);
  });

  it('sets UF once per second for a guest polling register C', () => {
    rd(0x0c);
    host.advanceTo(SECOND / 2);
    expect(rd(0x0c) & 0x10).toBe(0);
    host.advanceTo(SECOND);
    expect(rd(0x0c) & 0x10).toBe(0x10);
    expect(host.risingEdges(8)).toBe(0);
  });

  it('fires the alarm, with 0xc0-0xff as "any"', () => {
    wr(1, 0x05);
    wr(3, 0xff);
    wr(5, 0xff);
    wr(0x0b, 0x22); // AIE
    host.advanceTo(4 * SECOND);
    expect(host.lines[8]).toBe(false);
    host.advanceTo(5 * SECOND);
    expect(host.lines[8]).toBe(true);
    // IRQF, AF and the flags that need no enable: PF (rate 6 runs) and UF.
    expect(rd(0x0c)).toBe(0xf0);
  });

  it('keeps the NMI mask bit of port 0x70 apart from the index', () => {
    bus.out(0x70, 1, 0x8f);
    expect(rtc.nmiDisabled).toBe(true);
    expect(rtc.index).toBe(0x0f);
    wr(0x0f, 0x5a);
    expect(rd(0x0f)).toBe(0x5a);
    expect(rtc.nmiDisabled).toBe(false);
  });

  it('fills the memory-size bytes as QEMU does', () => {
    expect([rd(0x15), rd(0x16)]).toEqual([0x80, 0x02]);
    expect([rd(0x17), rd(0x18), rd(0x30), rd(0x31)]).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect([rd(0x34), rd(0x35)]).toEqual([0x00, 0x0f]);
    expect([rd(0x5b), rd(0x5c), rd(0x5d)]).toEqual([0, 0, 0]);
    make(undefined, 32 << 20);
    expect([rd(0x17), rd(0x18)]).toEqual([0x00, 0x7c]);
    expect([rd(0x34), rd(0x35)]).toEqual([0x00, 0x01]);
  });
});
