import { beforeEach, describe, expect, it } from 'vitest';
import { PortBus } from '../io-bus.ts';
import { DualPic } from './dual-pic.ts';

let pic: DualPic;
let bus: PortBus;
let raised: number;
const out = (port: number, v: number) => bus.out(port, 1, v);
const inb = (port: number) => bus.in(port, 1);

/** The usual remap: master at 0x20, slave at 0x28, cascade on IR2, 8086 mode. */
function init(icw4 = 0x01): void {
  out(0x20, 0x11);
  out(0xa0, 0x11);
  out(0x21, 0x20);
  out(0xa1, 0x28);
  out(0x21, 0x04);
  out(0xa1, 0x02);
  out(0x21, icw4);
  out(0xa1, icw4);
}

/** Raises then lowers an edge-triggered line. */
function pulse(irq: number): void {
  pic.setIrq(irq, true);
  pic.setIrq(irq, false);
}

beforeEach(() => {
  pic = new DualPic();
  bus = new PortBus();
  pic.register(bus);
  raised = 0;
  pic.onRaise = () => raised++;
  init();
});

describe('8259A pair', () => {
  it('initialises with ICW1-4 and delivers an edge as its ICW2 vector, into service', () => {
    expect(inb(0x21)).toBe(0);
    pulse(3);
    expect(raised).toBeGreaterThan(0);
    expect(pic.output()).toBe(true);
    expect(pic.acknowledge()).toBe(0x23);
    expect(pic.master.isr).toBe(0x08);
    expect(pic.master.irr).toBe(0);
    expect(pic.output()).toBe(false);
  });

  it('masks with OCW1 and reads IMR back from the data port', () => {
    out(0x21, 0xfe);
    expect(inb(0x21)).toBe(0xfe);
    pulse(1);
    expect(pic.output()).toBe(false);
    out(0x21, 0x00);
    expect(pic.acknowledge()).toBe(0x21);
  });

  it('reads IRR by default and ISR after OCW3 RR RIS', () => {
    out(0x21, 0xff);
    pulse(4);
    expect(inb(0x20)).toBe(0x10);
    out(0x20, 0x0b);
    expect(inb(0x20)).toBe(0);
    out(0x21, 0);
    pic.acknowledge();
    expect(inb(0x20)).toBe(0x10);
    out(0x20, 0x0a);
    expect(inb(0x20)).toBe(0);
  });

  it('nests: a higher priority interrupts one in service, a lower one waits for the EOI', () => {
    pulse(3);
    expect(pic.acknowledge()).toBe(0x23);
    pulse(5);
    expect(pic.output()).toBe(false);
    pulse(1);
    expect(pic.acknowledge()).toBe(0x21);
    // A non-specific EOI ends the highest in service (IR1), then IR3; IR5 comes after that.
    out(0x20, 0x20);
    expect(pic.master.isr).toBe(0x08);
    expect(pic.output()).toBe(false);
    out(0x20, 0x20);
    expect(pic.acknowledge()).toBe(0x25);
  });

  it('ends a given level with a specific EOI', () => {
    pulse(3);
    pic.acknowledge();
    pulse(1);
    pic.acknowledge();
    out(0x20, 0x63);
    expect(pic.master.isr).toBe(0x02);
  });

  it('cascades the slave through IR2: both chips put the request in service', () => {
    pulse(10);
    expect(pic.master.irr & 0x04).toBe(0x04);
    expect(pic.acknowledge()).toBe(0x2a);
    expect(pic.slave.isr).toBe(0x04);
    expect(pic.master.isr).toBe(0x04);
    // Until the master's EOI, nothing at or below IR2 gets through.
    pulse(11);
    pulse(4);
    expect(pic.output()).toBe(false);
    out(0xa0, 0x20);
    out(0x20, 0x20);
    expect(pic.acknowledge()).toBe(0x2b);
  });

  it('answers IR7 without setting ISR when nothing is pending (spurious IRQ7)', () => {
    expect(pic.acknowledge()).toBe(0x27);
    expect(pic.master.isr).toBe(0);
  });

  it('answers IRQ15 with the master IR2 in service when the slave request went away', () => {
    out(0x4d1, 0x04); // IRQ10 level-triggered
    pic.setIrq(10, true);
    pic.setIrq(10, false);
    // The master latched the cascade edge; the slave has nothing left to present.
    expect(pic.acknowledge()).toBe(0x2f);
    expect(pic.slave.isr).toBe(0);
    expect(pic.master.isr).toBe(0x04);
  });

  it('lets a level-triggered request follow its line, and re-request after EOI while high', () => {
    out(0x4d1, 0x02); // IRQ9
    expect(inb(0x4d1)).toBe(0x02);
    pic.setIrq(9, true);
    expect(pic.acknowledge()).toBe(0x29);
    out(0xa0, 0x20);
    out(0x20, 0x20);
    expect(pic.slave.irr).toBe(0x02);
    expect(pic.output()).toBe(true);
    pic.setIrq(9, false);
    expect(pic.slave.irr).toBe(0);
  });

  it('keeps the edge-only ELCR bits clear (IRQ0-2, IRQ8, IRQ13)', () => {
    out(0x4d0, 0xff);
    out(0x4d1, 0xff);
    expect(inb(0x4d0)).toBe(0xf8);
    expect(inb(0x4d1)).toBe(0xde);
  });

  it('latches an edge that has already fallen, and needs a new edge after ICW1', () => {
    pic.setIrq(6, true);
    init();
    expect(pic.output()).toBe(false);
    pic.setIrq(6, false);
    pic.setIrq(6, true);
    expect(pic.acknowledge()).toBe(0x26);
  });

  it('leaves ISR clear in auto-EOI mode', () => {
    init(0x03);
    pulse(5);
    expect(pic.acknowledge()).toBe(0x25);
    expect(pic.master.isr).toBe(0);
    pulse(6);
    expect(pic.acknowledge()).toBe(0x26);
  });

  it('rotates priorities on a rotating EOI and on set priority', () => {
    pulse(0);
    pic.acknowledge();
    out(0x20, 0xa0); // rotate on non-specific EOI: IR0 becomes the lowest
    pulse(0);
    pulse(7);
    expect(pic.acknowledge()).toBe(0x27);
    out(0x20, 0x20);
    out(0x20, 0xc3); // set priority: IR3 lowest, IR4 highest
    pulse(4);
    expect(pic.acknowledge()).toBe(0x24);
    out(0x20, 0x20);
    expect(pic.acknowledge()).toBe(0x20);
  });

  it('answers a poll command with the request it acknowledges', () => {
    out(0x21, 0xff);
    out(0x20, 0x0c);
    expect(inb(0x20)).toBe(0);
    out(0x21, 0x00);
    pulse(5);
    out(0x20, 0x0c);
    expect(inb(0x20)).toBe(0x85);
    expect(pic.master.isr).toBe(0x20);
  });

  it('lets lower levels in while a masked level is in service in special mask mode', () => {
    pulse(3);
    pic.acknowledge();
    out(0x21, 0x08);
    out(0x20, 0x68); // OCW3: set special mask mode
    pulse(5);
    expect(pic.acknowledge()).toBe(0x25);
    out(0x20, 0x48); // reset special mask mode
    pulse(6);
    expect(pic.output()).toBe(false);
  });
});
