import { describe, expect, it } from 'vitest';
import { PortBus, type PortDevice } from '../io-bus.ts';
import { PhysicalMemory } from '../memory/physical-memory.ts';
import { FakeDeviceHost } from './fake-device-host.ts';
import { attachPcPeripherals, pcPeripheralsFactory } from './pc-peripherals.ts';

/** A bus that remembers who claimed which port. */
class RecordingBus extends PortBus {
  readonly owners = new Map<number, PortDevice[]>();

  override register(first: number, count: number, device: PortDevice): void {
    for (let p = first; p < first + count; p++) {
      this.owners.set(p, [...(this.owners.get(p) ?? []), device]);
    }
    super.register(first, count, device);
  }
}

function setup(options: Parameters<typeof attachPcPeripherals>[3] = {}) {
  const host = new FakeDeviceHost();
  const bus = new RecordingBus();
  const mem = new PhysicalMemory(2 << 20);
  const pc = attachPcPeripherals(bus, mem, host, options);
  return { host, bus, mem, pc };
}

describe('attachPcPeripherals', () => {
  it('wires every device so a kernel finds it at its usual port', () => {
    const { bus, host } = setup();
    expect(bus.in(0x3fd, 1)).toBe(0x60); // COM1 LSR
    expect(bus.in(0x2fd, 1)).toBe(0xff); // no COM2 by default
    expect(bus.in(0xe9, 1)).toBe(0xe9);
    expect(bus.in(0x64, 1)).toBe(0x14);
    expect(bus.in(0x3da, 1) & 0x08).toBe(0x08);
    expect(bus.in(0x1f7, 1)).toBe(0); // no disk
    expect(bus.in(0x177, 1)).toBe(0); // the secondary channel, empty
    expect(bus.in(0x376, 1)).toBe(0);
    bus.out(0x510, 2, 0);
    expect(bus.in(0x511, 1)).toBe(0x51);
    bus.out(0xf4, 1, 0);
    bus.out(0x3f8, 1, 0x41);
    expect(host.events).toEqual([
      { kind: 'exit', status: 1 },
      { kind: 'serial', port: 0x3f8, byte: 0x41 },
    ]);
  });

  it('claims no port twice, and none of the Machine’s (PIC, PIT, 0x61, CMOS, PCI, ACPI)', () => {
    const { bus } = setup({ serial: ['com1', 'com2', 'com3', 'com4'] });
    for (const [port, owners] of bus.owners) {
      expect(owners, `port ${port.toString(16)}`).toHaveLength(1);
    }
    const machines = [0x20, 0x21, 0xa0, 0xa1, 0x40, 0x41, 0x42, 0x43, 0x61, 0x70, 0x71];
    for (const p of [...machines, 0xcf8, 0xcfc, 0x600, 0x604, 0x608]) {
      expect(bus.owners.has(p), `port ${p.toString(16)}`).toBe(false);
    }
  });

  it('adds the serial ports asked for, a disk, and a framebuffer outside RAM', () => {
    const img = new Uint8Array(4096);
    const { bus, mem, pc } = setup({
      serial: ['com2'],
      disk: img,
      framebuffer: { width: 8, height: 4 },
    });
    expect(bus.in(0x3fd, 1)).toBe(0xff);
    expect(bus.in(0x2fd, 1)).toBe(0x60);
    expect(bus.in(0x1f7, 1)).toBe(0x50);
    expect(pc.framebuffer?.ramBacked).toBe(false);
    mem.write(0xfd000000, 4, 0x123456);
    expect(mem.read(0xfd000000, 4)).toBe(0x123456);
  });

  it('puts a slave disk on the primary channel, behind the DEV bit', () => {
    const { bus, pc } = setup({ slaveDisk: new Uint8Array(8 * 512) });
    bus.out(0x1f7, 1, 0xec); // IDENTIFY to the empty master position: aborted, as in QEMU
    expect(bus.in(0x1f7, 1)).toBe(0x41);
    bus.out(0x1f6, 1, 0xf0);
    bus.out(0x1f7, 1, 0xec);
    expect(bus.in(0x1f7, 1)).toBe(0x58);
    expect(pc.ata.slaveDisk?.sectors).toBe(8);
  });

  it("puts a disk on the secondary channel's master position, on IRQ15", () => {
    const { bus, pc, host } = setup({ secondaryDisk: new Uint8Array(4 * 512) });
    expect(bus.in(0x177, 1)).toBe(0x50);
    expect(bus.in(0x1f7, 1)).toBe(0);
    bus.out(0x176, 1, 0xa0);
    bus.out(0x177, 1, 0xec);
    expect(host.lines[15]).toBe(true);
    expect(pc.ataSecondary.disk?.sectors).toBe(4);
    expect(pc.ata.disk).toBeUndefined();
  });

  it('reports A20 changes from the 8042 and port 0x92 to the machine', () => {
    const changes: boolean[] = [];
    const { bus } = setup({ onA20: (on) => changes.push(on) });
    bus.out(0x64, 1, 0xdd);
    bus.out(0x92, 1, 0x00);
    bus.out(0x92, 1, 0x02);
    expect(changes).toEqual([false, false, true]);
  });

  it('puts the devices back to power-on state on reset()', () => {
    const { bus, pc } = setup();
    bus.out(0x3fb, 1, 0x83);
    bus.out(0x64, 1, 0xad);
    pc.reset();
    expect(bus.in(0x3fb, 1)).toBe(0);
    bus.out(0x64, 1, 0x20);
    expect(bus.in(0x60, 1)).toBe(0x61);
  });
});

describe('pcPeripheralsFactory', () => {
  it('attaches the set to a machine and registers each device by name', () => {
    const names = new Map<string, unknown>();
    const machine = {
      io: new PortBus(),
      mem: new PhysicalMemory(2 << 20),
      devices: { add: (name: string, d: unknown) => names.set(name, d) },
    };
    let kept: unknown;
    pcPeripheralsFactory({}, (pc) => (kept = pc))(new FakeDeviceHost(), machine);
    expect([...names.keys()]).toEqual([
      'pc-peripherals',
      'com1',
      'debugcon',
      'debug-exit',
      'ps2',
      'vga',
      'ata',
      'ata-secondary',
      'fw-cfg',
      'reset-control',
      'port92',
    ]);
    expect(kept).toBe(names.get('pc-peripherals'));
    expect(machine.io.in(0x3fd, 1)).toBe(0x60);
  });
});
