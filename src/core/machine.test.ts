import { describe, expect, it } from 'vitest';
import { readFlags } from './cpu/lazy-flags.ts';
import { RBX } from './cpu/registers.ts';
import type { DeviceEvent, TimerClient } from './devices/device-host.ts';
import { Machine } from './machine.ts';
import type { MachineOptions } from './machine.ts';
import {
  CODE,
  STACK,
  enterLongMode,
  handler,
  load,
  movToRdi,
  outb,
  PIC_IRQ0_ONLY,
} from './machine/test-guest.ts';
import { ramHash } from './machine/test-guest.ts';

const RAM = 32 << 20;
const STI = 0xfb;
const CLI = 0xfa;
const HLT = 0xf4;
const IRETQ = [0x48, 0xcf];
const INC_EBX = [0xff, 0xc3];
/** mov edi, 0xfee00000: the local APIC's registers, for movToRdi. */
const RDI_APIC = [0xbf, 0x00, 0x00, 0xe0, 0xfe];
/** hlt; cmp ebx, n; jb back to the hlt. */
const waitFor = (n: number) => [HLT, 0x83, 0xfb, n, 0x72, 0xfa];

/** PIT channel 0, LSB then MSB, mode 2, count n. */
const pitPeriodic = (n: number) => [
  ...outb(0x43, 0x34),
  ...outb(0x40, n & 0xff),
  ...outb(0x40, n >> 8),
];

function machine(options: MachineOptions = {}): Machine {
  const m = new Machine({ ramSize: RAM, ...options });
  enterLongMode(m);
  return m;
}

describe('Machine: PIC and PIT', () => {
  it('counts PIT interrupts through the 8259 in a handler, skipping idle time while halted', () => {
    const m = machine();
    // IRQ0 handler: count, EOI to the master.
    handler(m, 0x20, [...INC_EBX, ...outb(0x20, 0x20), ...IRETQ]);
    const count = 11932; // 100 Hz
    load(m, [...PIC_IRQ0_ONLY, ...pitPeriodic(count), STI, ...waitFor(10), CLI, HLT]);
    const r = m.run(1e9);
    expect(r.reason).toBe('halted-forever');
    expect(m.cpu.gpr[RBX << 1]).toBe(10);
    // The count's MSB was written by the 26th instruction (now() = 25) and loads one PIT
    // clock later; the 10th interrupt comes 10 periods on; then 4 handler and 4 loop
    // instructions (cmp, jb, cli, hlt).
    const loadClock = m.pit.clock.ticksAt(25) + 1;
    const tenth = m.pit.clock.instructionAtTick(loadClock + 10 * count);
    expect(m.cpu.icount[0]).toBe(tenth + 8);
    expect(r.elapsed).toBe(tenth + 8);
    // Guest time counted the idle periods; the CPU ran a few dozen instructions.
    expect(r.retired).toBe(26 + 2 + 9 * (4 + 3) + 8);
  });

  it('stops a run after its budget of guest time, idle time included', () => {
    const m = machine();
    handler(m, 0x20, [...INC_EBX, ...outb(0x20, 0x20), ...IRETQ]);
    load(m, [...PIC_IRQ0_ONLY, ...pitPeriodic(11932), STI, ...waitFor(100), CLI, HLT]);
    const r = m.run(2_500_000);
    expect(r.reason).toBe('budget');
    expect(r.elapsed).toBe(2_500_000);
    expect(m.cpu.icount[0]).toBe(2_500_000);
    expect(m.cpu.halted).toBe(true);
    expect(m.cpu.gpr[RBX << 1]).toBe(2);
  });

  it('takes the BIOS timer as vector 8 when a kernel enables interrupts without remapping', () => {
    const m = machine();
    handler(m, 0x08, [HLT]);
    load(m, [STI, HLT]);
    m.run(10_000_000);
    // 65536 PIT clocks at 18.2 Hz: the first IRQ0 after 54.9 ms.
    expect(m.cpu.rip[0]).toBe(0x200000 + 256 * 8 + 1);
    expect(m.cpu.icount[0]).toBe(m.pit.clock.instructionAtTick(1 + 65536) + 1);
  });
});

describe('Machine: local APIC', () => {
  it('delivers the periodic LAPIC timer vector at the 1 GHz bus rate', () => {
    const m = machine({ bios: false });
    handler(m, 0x40, [...INC_EBX, ...movToRdi(0xb0, 0), ...IRETQ]);
    load(m, [
      ...RDI_APIC,
      ...movToRdi(0xf0, 0x1ff), // software-enable, spurious vector 0xff
      ...movToRdi(0x3e0, 0xb), // divide by 1
      ...movToRdi(0x320, 0x20040), // periodic, vector 0x40
      ...movToRdi(0x380, 100_000), // 100 us: 10,000 instructions
      STI,
      ...waitFor(5),
      CLI,
      HLT,
    ]);
    const r = m.run(1e8);
    expect(r.reason).toBe('halted-forever');
    expect(m.cpu.gpr[RBX << 1]).toBe(5);
    // Initial count written at now() = 4 (bus clock 40); the 5th expiry is 500,000 clocks on.
    expect(m.cpu.icount[0]).toBe(4 + 5 * 10_000 + 3 + 4);
  });

  it('holds an interrupt under CR8 and takes it as soon as CR8 drops', () => {
    const m = machine({ bios: false });
    handler(m, 0x40, [...INC_EBX, ...movToRdi(0xb0, 0), ...IRETQ]);
    // mov r8d, v; mov cr8, r8
    const movCr8 = (v: number) => [0x41, 0xb8, v, 0, 0, 0, 0x45, 0x0f, 0x22, 0xc0];
    load(m, [
      ...RDI_APIC,
      ...movToRdi(0xf0, 0x1ff),
      ...movCr8(5),
      STI,
      ...movToRdi(0x300, 0x40040), // self-IPI, vector 0x40: class 4, under TPR 0x50
      0x90,
      0x90,
      ...movCr8(3),
      0x90, // the interrupt comes before this nop
      HLT,
    ]);
    m.run(8);
    expect(m.lapic.irr[2]).toBe(1);
    m.run(2);
    expect(m.cpu.gpr[RBX << 1]).toBe(0);
    m.run(1);
    expect(m.cpu.gpr[RBX << 1]).toBe(1);
    // The frame's RIP is the last nop: the interrupt came right after mov cr8.
    expect(m.mem.view.getUint32(STACK - 40, true)).toBe(CODE + 48);
  });
});

describe('Machine: stops', () => {
  it('reports a CPU halted with IF clear and nothing pending as halted forever at once', () => {
    const m = machine();
    load(m, [CLI, HLT]);
    const r = m.run(1e9);
    expect(r).toMatchObject({ reason: 'halted-forever', retired: 2, elapsed: 2 });
  });

  it('keeps skipping to the timers of other devices, which may still emit, with IF clear', () => {
    const events: DeviceEvent[] = [];
    const m = machine({
      devices: [
        (host) => {
          const t: TimerClient = { onTimer: () => host.emit({ kind: 'debugcon', byte: 0x41 }) };
          host.setTimer(t, 5000);
        },
      ],
    });
    m.onEvent((e) => events.push(e));
    load(m, [CLI, HLT]);
    const r = m.run(1e9);
    expect(r.reason).toBe('halted-forever');
    expect(events).toEqual([{ kind: 'debugcon', byte: 0x41 }]);
    expect(m.cpu.icount[0]).toBe(5000);
  });

  it('stops at the instruction after an exit request, with the event', () => {
    const m = machine({
      devices: [
        (host, mc) =>
          mc.io.register(0xf4, 1, {
            in: () => 0xff,
            out: (_p, _s, v) => host.emit({ kind: 'exit', status: (v << 1) | 1 }),
          }),
      ],
    });
    load(m, [0x90, ...outb(0xf4, 3), 0x90, 0x90]);
    const r = m.run(1000);
    expect(r).toMatchObject({ reason: 'exit', retired: 3, event: { kind: 'exit', status: 7 } });
    expect(m.cpu.rip[0]).toBe(0x100000 + 5);
    expect(m.run(2).reason).toBe('budget');
  });

  it('powers off on ACPI S5, as outw(0x604, 0x2000) does under QEMU', () => {
    const m = machine();
    // mov ax, 0x2000; mov dx, 0x604; out dx, ax
    load(m, [0x66, 0xb8, 0x00, 0x20, 0x66, 0xba, 0x04, 0x06, 0x66, 0xef, HLT]);
    expect(m.run(1000)).toMatchObject({ reason: 'poweroff', retired: 3 });
  });

  it('stops when stop() is called from an event listener', () => {
    const m = machine();
    m.onEvent(() => m.stop());
    // A port whose writes emit an event the listener answers with stop().
    m.io.register(0x04, 1, { in: () => 0, out: () => m.host.emit({ kind: 'debugcon', byte: 1 }) });
    load(m, [...outb(0x04, 0), 0x90, 0x90]);
    expect(m.run(1000)).toMatchObject({ reason: 'stopped', retired: 2 });
    expect(m.run(1000).reason).toBe('budget');
  });

  it('refuses RAM larger than one ArrayBuffer, or not made of pages', () => {
    expect(() => new Machine({ ramSize: 2 ** 32 + 4096 })).toThrow(/at most 4 GiB/);
    expect(() => new Machine({ ramSize: 12345 })).toThrow(RangeError);
  });

  it('stops on a triple fault with the chain in cpu.shutdown', () => {
    const m = machine();
    m.cpu.idtr[2] = 0; // an empty IDT: #UD, then #GP, then #DF all fail
    load(m, [0x0f, 0x0b]);
    expect(m.run(1000).reason).toBe('triple-fault');
    expect(m.cpu.shutdown).not.toBeNull();
    expect(m.run(1000).reason).toBe('triple-fault');
  });

  it('halts forever with IF set when no timer is left to bring an interrupt', () => {
    const m = machine({ bios: false });
    load(m, [STI, HLT]);
    expect(m.run(1e9)).toMatchObject({ reason: 'halted-forever', elapsed: 2 });
  });
});

describe('Machine: determinism', () => {
  /**
   * A busy loop mixing arithmetic, stores, rdtsc and port reads of the PIT with two
   * interrupt sources: the PIT at 5 kHz through the 8259, the LAPIC timer every 3,700
   * instructions. Every interrupt lands at an instruction that depends on guest time.
   */
  function busyMachine(): Machine {
    const m = machine();
    handler(m, 0x20, [0x50, 0x49, 0xff, 0xc4, ...outb(0x20, 0x20), 0x58, ...IRETQ]); // inc r12
    handler(m, 0x40, [0x49, 0xff, 0xc5, ...movToRdi(0xb0, 0), ...IRETQ]); // inc r13
    load(m, [
      ...PIC_IRQ0_ONLY,
      ...pitPeriodic(239),
      ...RDI_APIC,
      ...movToRdi(0x3e0, 0xb),
      ...movToRdi(0x320, 0x20040),
      ...movToRdi(0x380, 37_000),
      0x48, 0xc7, 0xc6, 0x00, 0x00, 0x30, 0x00, // mov rsi, 0x300000
      STI,
      // loop:
      0x48, 0x01, 0xd8, // add rax, rbx
      0x48, 0x6b, 0xc8, 0x0d, // imul rcx, rax, 13
      0x48, 0x31, 0xca, // xor rdx, rcx
      0x48, 0x89, 0x16, // mov [rsi], rdx
      0x48, 0x83, 0xc6, 0x08, // add rsi, 8
      0x81, 0xe6, 0xf8, 0xff, 0x00, 0x00, // and esi, 0xfff8
      0x81, 0xce, 0x00, 0x00, 0x30, 0x00, // or esi, 0x300000
      0x0f, 0x31, // rdtsc
      0x48, 0x31, 0xc3, // xor rbx, rax
      0xe4, 0x40, // in al, 0x40
      0x4c, 0x01, 0xc0, // add rax, r8
      0x49, 0x89, 0xc0, // mov r8, rax
      0xeb, 0xd4, // jmp loop
    ]); // prettier-ignore
    return m;
  }

  function snapshot(m: Machine) {
    return {
      gpr: [...m.cpu.gpr],
      rip: [...m.cpu.rip],
      flags: readFlags(m.cpu),
      icount: m.cpu.icount[0],
      ram: ramHash(m),
      pit: m.pit.channels[0].value(m.pit.clockAt(m.cpu.now())),
      apicCount: m.lapic.timer.current(m.cpu.now()),
    };
  }

  it('ends in the same state for one run, 1000 equal slices and random slices', () => {
    const a = busyMachine();
    expect(a.run(1_000_000)).toMatchObject({ reason: 'budget', elapsed: 1_000_000 });
    const b = busyMachine();
    for (let k = 0; k < 1000; k++) b.run(1000);
    const c = busyMachine();
    let seed = 12345;
    for (let left = 1_000_000; left > 0;) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const n = Math.min(left, 1 + (seed % 5000));
      c.run(n);
      left -= n;
    }
    const s = snapshot(a);
    // Both interrupt sources fired, many times.
    expect(a.cpu.gpr[12 << 1]).toBeGreaterThan(40);
    expect(a.cpu.gpr[13 << 1]).toBeGreaterThan(200);
    expect(snapshot(b)).toEqual(s);
    expect(snapshot(c)).toEqual(s);
  });
});
