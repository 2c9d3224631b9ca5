import { beforeEach, describe, expect, it } from 'vitest';
import { APIC_BASE, MsrStore } from '../cpu/msrs.ts';
import { FakeDeviceHost } from './fake-device-host.ts';
import { LocalApic } from './lapic.ts';
import type { ApicCpu } from './lapic.ts';

let host: FakeDeviceHost;
let cpu: ApicCpu & { pokes: number; nmis: number };
let pic: { pending: number[]; output(): boolean; acknowledge(): number };
let apic: LocalApic;
let eois: number[];

const rd = (reg: number) => apic.read(reg, 4) >>> 0;
const wr = (reg: number, v: number) => apic.write(reg, 4, v);
/** Enables the APIC with spurious vector 0xff. */
const enable = () => wr(0xf0, 0x1ff);
/** Takes the interrupt the CPU would take next, or null. */
const take = () => (apic.hasInterrupt() ? apic.acknowledge() : null);

beforeEach(() => {
  host = new FakeDeviceHost();
  const msrs = new MsrStore();
  cpu = {
    cr8: 0,
    msrs,
    pokes: 0,
    nmis: 0,
    interrupts: {
      poke: () => cpu.pokes++,
      nmi: () => cpu.nmis++,
    },
  };
  pic = {
    pending: [],
    output: () => pic.pending.length > 0,
    acknowledge: () => pic.pending.shift() ?? 0x27,
  };
  apic = new LocalApic(cpu, pic, host);
  eois = [];
  apic.onLevelEoi = (v) => eois.push(v);
});

describe('local APIC registers', () => {
  it('resets to the power-up values, with LINT0 as ExtINT as the BIOS leaves it', () => {
    expect(rd(0x30)).toBe(0x00050014);
    expect(rd(0xf0)).toBe(0xff);
    expect(rd(0xe0)).toBe(0xffffffff);
    expect(rd(0x320)).toBe(0x10000);
    expect(rd(0x350)).toBe(0x700);
    expect(rd(0x360)).toBe(0x10000);
    wr(0x20, 0x05000000);
    expect(rd(0x20)).toBe(0x05000000);
  });

  it('reports an illegal register in ESR after the next ESR write', () => {
    rd(0x2f0);
    expect(rd(0x280)).toBe(0);
    wr(0x280, 0);
    expect(rd(0x280)).toBe(0x80);
    wr(0x280, 0);
    expect(rd(0x280)).toBe(0);
  });

  it('keeps every LVT masked while software-disabled', () => {
    enable();
    wr(0x320, 0x40);
    expect(rd(0x320)).toBe(0x40);
    wr(0xf0, 0xff);
    expect(rd(0x320)).toBe(0x10040);
    wr(0x320, 0x40);
    expect(rd(0x320)).toBe(0x10040);
  });
});

describe('local APIC priorities', () => {
  it('holds requests while software-disabled and presents them once enabled', () => {
    apic.deliver(0x40, 0, false, 0, false);
    expect(apic.hasInterrupt()).toBe(false);
    enable();
    expect(take()).toBe(0x40);
    expect(rd(0x120)).toBe(1); // ISR bits 64-95
  });

  it('serves the highest vector, holds lower classes until EOI, lets higher ones nest', () => {
    enable();
    apic.deliver(0x31, 0, false, 0, false);
    apic.deliver(0x52, 0, false, 0, false);
    expect(take()).toBe(0x52);
    expect(rd(0xa0)).toBe(0x50);
    expect(take()).toBe(null);
    apic.deliver(0x61, 0, false, 0, false);
    expect(take()).toBe(0x61);
    wr(0xb0, 0);
    wr(0xb0, 0);
    expect(take()).toBe(0x31);
  });

  it('masks by TPR and CR8, which share bits 7:4', () => {
    enable();
    wr(0x80, 0x4f);
    expect(cpu.cr8).toBe(4);
    apic.deliver(0x45, 0, false, 0, false);
    expect(apic.hasInterrupt()).toBe(false);
    cpu.cr8 = 3;
    expect(rd(0x80)).toBe(0x30);
    expect(take()).toBe(0x45);
  });

  it('answers the spurious vector when nothing is presentable at INTA', () => {
    enable();
    wr(0xf0, 0x1f7);
    expect(apic.acknowledge()).toBe(0xf7);
  });

  it('refuses vectors below 16 with a receive-illegal-vector error', () => {
    enable();
    apic.deliver(0x05, 0, false, 0, false);
    expect(apic.hasInterrupt()).toBe(false);
    wr(0x280, 0);
    expect(rd(0x280)).toBe(0x40);
  });

  it('remembers level-triggered vectors in TMR and broadcasts their EOI', () => {
    enable();
    apic.deliver(0x70, 0, false, 0, true);
    expect(rd(0x180 + 0x10 * 3)).toBe(1 << 16);
    expect(take()).toBe(0x70);
    wr(0xb0, 0);
    expect(eois).toEqual([0x70]);
    apic.deliver(0x71, 0, false, 0, false);
    take();
    wr(0xb0, 0);
    expect(eois).toEqual([0x70]);
  });
});

describe('local APIC ExtINT and global enable', () => {
  it('passes the 8259 through LINT0 in ExtINT mode, ahead of its own vectors', () => {
    enable();
    apic.deliver(0x80, 0, false, 0, false);
    pic.pending.push(0x20);
    expect(apic.acknowledge()).toBe(0x20);
    expect(apic.acknowledge()).toBe(0x80);
    wr(0x350, 0x10700);
    pic.pending.push(0x21);
    expect(apic.hasInterrupt()).toBe(false);
  });

  it('lets the 8259 straight through and stops decoding when IA32_APIC_BASE disables it', () => {
    enable();
    wr(0x350, 0x10700);
    apic.deliver(0x40, 0, false, 0, false);
    cpu.msrs.v[APIC_BASE] &= ~0x800;
    pic.pending.push(0x30);
    expect(apic.hasInterrupt()).toBe(true);
    expect(apic.acknowledge()).toBe(0x30);
    expect(rd(0x30)).toBe(0xffffffff);
    expect(apic.deliver(0x41, 0, false, 0, false)).toBe(false);
    // Enabled again: back in the power-up state, the old request gone.
    cpu.msrs.v[APIC_BASE] |= 0x800;
    expect(rd(0xf0)).toBe(0xff);
    expect(rd(0x220)).toBe(0);
  });
});

describe('local APIC interrupt command register', () => {
  it('sends a fixed self-IPI by shorthand and by its own physical ID', () => {
    enable();
    wr(0x300, 0x40000 | 0x44);
    expect(take()).toBe(0x44);
    wr(0xb0, 0);
    wr(0x310, 0);
    wr(0x300, 0x45);
    expect(take()).toBe(0x45);
    wr(0xb0, 0);
    wr(0x310, 0x01000000);
    wr(0x300, 0x46);
    expect(take()).toBe(null);
    wr(0x300, 0xc0000 | 0x47); // all excluding self: nobody here
    expect(take()).toBe(null);
  });

  it('sends NMI to itself and flags an illegal vector on send', () => {
    enable();
    wr(0x300, 0x40000 | 0x400);
    expect(cpu.nmis).toBe(1);
    wr(0x300, 0x40000 | 0x03);
    wr(0x280, 0);
    expect(rd(0x280)).toBe(0x20);
  });

  it('matches logical destinations in the flat and cluster models', () => {
    wr(0xd0, 0x04000000);
    expect(apic.matches(0x04, true)).toBe(true);
    expect(apic.matches(0x0b, true)).toBe(false);
    wr(0xe0, 0x0fffffff);
    wr(0xd0, 0x21000000);
    expect(apic.matches(0x23, true)).toBe(true);
    expect(apic.matches(0x13, true)).toBe(false);
    expect(apic.matches(0xff, true)).toBe(true);
  });
});

describe('local APIC timer', () => {
  it('counts down at the bus clock / divisor and fires its LVT vector once in one-shot mode', () => {
    enable();
    wr(0x3e0, 0xb); // divide by 1: 10 counts per instruction
    wr(0x320, 0x50);
    wr(0x380, 1000);
    expect(host.timerFor(apic.timer)).toBe(100);
    host.advanceTo(40);
    expect(rd(0x390)).toBe(600);
    host.advanceTo(100);
    expect(take()).toBe(0x50);
    expect(rd(0x390)).toBe(0);
    host.advanceTo(10_000);
    wr(0xb0, 0);
    expect(take()).toBe(null);
  });

  it('reloads in periodic mode and keeps the divider change exact', () => {
    enable();
    wr(0x3e0, 0x3); // divide by 16
    wr(0x320, 0x20051);
    wr(0x380, 100); // 1600 bus clocks = 160 instructions a period
    let n = 0;
    for (let t = 0; t <= 1600; t++) {
      host.advanceTo(t);
      if (take() !== null) {
        n++;
        wr(0xb0, 0);
      }
    }
    expect(n).toBe(10);
    expect(rd(0x390)).toBe(100);
    host.advanceTo(1608);
    expect(rd(0x390)).toBe(95);
    wr(0x3e0, 0xb);
    host.advanceTo(1609);
    expect(rd(0x390)).toBe(85);
  });

  it('counts but does not interrupt while its LVT entry is masked; 0 stops it', () => {
    enable();
    wr(0x3e0, 0xb);
    wr(0x320, 0x10060);
    wr(0x380, 50);
    host.advanceTo(100);
    expect(take()).toBe(null);
    wr(0x380, 0);
    expect(rd(0x390)).toBe(0);
    expect(host.timerFor(apic.timer)).toBeUndefined();
  });
});
