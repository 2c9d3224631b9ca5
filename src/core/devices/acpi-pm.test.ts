import { beforeEach, describe, expect, it } from 'vitest';
import { PortBus } from '../io-bus.ts';
import { GUEST_INSTRUCTIONS_PER_SECOND as SECOND } from '../time.ts';
import { AcpiPm } from './acpi-pm.ts';
import { FakeDeviceHost } from './fake-device-host.ts';

let host: FakeDeviceHost;
let bus: PortBus;
let pm: AcpiPm;
/** Guest time at which the PM timer reads `ticks`. */
const at = (ticks: number) => pm.clock.instructionAtTick(ticks);

beforeEach(() => {
  host = new FakeDeviceHost();
  bus = new PortBus();
  pm = new AcpiPm(host);
  pm.register(bus);
});

describe('ACPI PM timer and PM1 registers', () => {
  it('counts at 3.579545 MHz in 24 bits', () => {
    host.advanceTo(SECOND);
    expect(bus.in(0x608, 4)).toBe(3_579_545);
    host.advanceTo(at(0x1000005));
    expect(bus.in(0x608, 4)).toBe(5);
    expect(bus.in(0x608, 2)).toBe(5);
  });

  it('sets TMR_STS when bit 23 carries, clears it on a write of one, SCIs when enabled', () => {
    expect(bus.in(0x604, 2) & 1).toBe(1); // SCI_EN
    bus.out(0x602, 2, 1); // TMR_EN
    expect(host.timerFor(pm)).toBe(at(1 << 23));
    host.advanceTo(at(1 << 23) - 1);
    expect(bus.in(0x600, 2) & 1).toBe(0);
    expect(host.lines[9]).toBe(false);
    host.advanceTo(at(1 << 23));
    expect(bus.in(0x600, 2) & 1).toBe(1);
    expect(host.lines[9]).toBe(true);
    bus.out(0x600, 2, 1);
    expect(bus.in(0x600, 2) & 1).toBe(0);
    expect(host.lines[9]).toBe(false);
    expect(host.timerFor(pm)).toBe(at(2 << 23));
  });

  it('powers off on SLP_EN with S5 SLP_TYP, as QEMU does for outw(0x604, 0x2000)', () => {
    bus.out(0x604, 2, 0x2000 | (1 << 10));
    expect(host.eventsOf('poweroff')).toEqual([]);
    bus.out(0x604, 2, 0x2000);
    expect(host.eventsOf('poweroff').length).toBe(1);
    expect(bus.in(0x604, 2) & 0x2000).toBe(0);
  });
});
