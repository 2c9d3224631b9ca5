import { describe, expect, it } from 'vitest';
import { PortBus } from '../io-bus.ts';
import { FakeDeviceHost } from './fake-device-host.ts';
import { Uart16550 } from './uart16550.ts';

const COM1 = 0x3f8;
const [THR, IER, IIR, LCR, MCR, LSR, MSR, SCR] = [0, 1, 2, 3, 4, 5, 6, 7].map((r) => COM1 + r);
const FCR = IIR;

function setup() {
  const host = new FakeDeviceHost();
  const bus = new PortBus();
  const uart = new Uart16550(host, { base: COM1, irq: 4 });
  uart.attach(bus);
  const outb = (port: number, v: number) => bus.out(port, 1, v);
  const inb = (port: number) => bus.in(port, 1);
  return { host, bus, uart, outb, inb, serial: () => host.eventsOf('serial').map((e) => e.byte) };
}

describe('16550A UART', () => {
  it('comes out of reset as QEMU: 9600 8N1 latch, OUT2, THR empty, no interrupt', () => {
    const { inb, outb } = setup();
    expect([inb(IER), inb(IIR), inb(LCR), inb(MCR), inb(LSR), inb(MSR), inb(SCR)]).toEqual([
      0, 0x01, 0, 0x08, 0x60, 0xb0, 0,
    ]);
    outb(LCR, 0x80);
    expect([inb(THR), inb(IER)]).toEqual([12, 0]);
  });

  it('passes the loopback probe hobby kernels run, and sends nothing out while looped', () => {
    const { inb, outb, serial, host } = setup();
    // The OSDev wiki's init_serial, verbatim in many kernels.
    outb(IER, 0x00);
    outb(LCR, 0x80);
    outb(THR, 0x03);
    outb(IER, 0x00);
    outb(LCR, 0x03);
    outb(FCR, 0xc7);
    outb(MCR, 0x0b);
    outb(MCR, 0x1e);
    outb(THR, 0xae);
    expect(inb(THR)).toBe(0xae);
    outb(MCR, 0x0f);
    expect(serial()).toEqual([]);
    outb(THR, 0x41);
    expect(serial()).toEqual([0x41]);
    expect(host.eventsOf('serial')[0].port).toBe(COM1);
    expect(inb(LSR) & 0x60).toBe(0x60);
  });

  it('keeps the divisor latch behind DLAB and the scratch register as written', () => {
    const { inb, outb, serial } = setup();
    outb(LCR, 0x83);
    outb(THR, 0x01);
    outb(IER, 0x02);
    expect([inb(THR), inb(IER), inb(LCR)]).toEqual([0x01, 0x02, 0x83]);
    expect(serial()).toEqual([]); // a divisor write is not a character
    outb(LCR, 0x03);
    expect(inb(IER)).toBe(0);
    outb(SCR, 0x5a);
    expect(inb(SCR)).toBe(0x5a);
  });

  it('shows the FIFO-enabled bits in IIR once FCR enables the FIFOs', () => {
    const { inb, outb } = setup();
    outb(FCR, 0xc7);
    expect(inb(IIR)).toBe(0xc1);
    outb(FCR, 0x00);
    expect(inb(IIR)).toBe(0x01);
  });

  it('raises THRE on enabling THRI, drops it when IIR is read, and raises it after each byte', () => {
    const { inb, outb, host } = setup();
    outb(IER, 0x02);
    expect(host.lines[4]).toBe(true);
    expect(inb(IIR)).toBe(0x02);
    expect(host.lines[4]).toBe(false);
    expect(inb(IIR)).toBe(0x01);
    outb(THR, 0x41);
    expect(host.lines[4]).toBe(true);
    expect(host.risingEdges(4)).toBe(2);
    // Rewriting IER with THRI still set is no rising edge: nothing new.
    inb(IIR);
    outb(IER, 0x02);
    expect(host.lines[4]).toBe(false);
  });

  it('gives each transmitted byte its own edge even when THRE was never acknowledged', () => {
    const { outb, host } = setup();
    outb(IER, 0x02);
    outb(THR, 0x41);
    outb(THR, 0x42);
    expect(host.risingEdges(4)).toBe(3);
  });

  it('reports sources by priority: line status, then received data, then THRE', () => {
    const { inb, outb, uart } = setup();
    outb(IER, 0x07);
    uart.receive([0x61]);
    expect(inb(IIR)).toBe(0x04);
    // Loop the transmitter back onto an unread RBR: an overrun.
    outb(MCR, 0x10);
    outb(THR, 0x62);
    expect(inb(IIR)).toBe(0x06);
    expect(inb(LSR) & 0x03).toBe(0x03); // OE and DR; reading LSR clears OE
    expect(inb(IIR)).toBe(0x04);
    expect(inb(THR)).toBe(0x62); // the newer byte overwrote the RBR
    expect(inb(IIR)).toBe(0x02);
    expect(inb(IIR)).toBe(0x01);
  });

  it('holds host input the guest has not read yet instead of overrunning', () => {
    const { inb, uart } = setup();
    uart.receive([1, 2, 3]);
    expect(uart.pendingInput).toBe(2);
    expect(inb(LSR) & 0x03).toBe(0x01);
    const got = [];
    while (inb(LSR) & 1) got.push(inb(THR));
    expect(got).toEqual([1, 2, 3]);
    expect(uart.pendingInput).toBe(0);
  });

  it('interrupts once per byte received with the FIFO off', () => {
    const { inb, outb, uart, host } = setup();
    outb(IER, 0x01);
    uart.receive([10, 20]);
    expect(host.risingEdges(4)).toBe(1);
    expect(inb(THR)).toBe(10);
    expect(host.risingEdges(4)).toBe(2);
    expect(inb(THR)).toBe(20);
    expect(host.lines[4]).toBe(false);
  });

  it('waits for the trigger level, or for the character timeout, before a FIFO interrupt', () => {
    const { inb, outb, uart, host } = setup();
    outb(LCR, 0x80);
    outb(THR, 0x01); // 115200 baud
    outb(LCR, 0x03);
    outb(FCR, 0x81); // FIFO on, trigger at 8 bytes
    outb(IER, 0x01);
    uart.receive([1, 2, 3]);
    expect(host.lines[4]).toBe(false);
    expect(inb(IIR)).toBe(0xc1);
    // Four 10-bit characters at 115200 baud: 347 us, 34,723 instructions at 100 MIPS.
    host.advance(34_000);
    expect(host.lines[4]).toBe(false);
    host.advance(1_000);
    expect(inb(IIR)).toBe(0xcc);
    expect(inb(THR)).toBe(1);
    expect(inb(IIR)).toBe(0xc1); // reading a byte clears the timeout and restarts it
    uart.receive([4, 5, 6, 7, 8]);
    expect(inb(IIR)).toBe(0xc1); // 7 bytes: still under the trigger level
    uart.receive([9]);
    expect(inb(IIR)).toBe(0xc4);
    expect(host.lines[4]).toBe(true);
  });

  it('fills the FIFO to 16 bytes and keeps the rest of the host input waiting', () => {
    const { inb, outb, uart } = setup();
    outb(FCR, 0x01);
    uart.receive(Array.from({ length: 20 }, (_, i) => i));
    expect(uart.pendingInput).toBe(4);
    const got: number[] = [];
    while (inb(LSR) & 1) got.push(inb(THR));
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('empties the receive FIFO on FCR reset and on turning the FIFOs off', () => {
    const { inb, outb } = setup();
    outb(FCR, 0x01);
    outb(MCR, 0x10);
    outb(THR, 1);
    outb(THR, 2);
    outb(FCR, 0x03);
    expect(inb(LSR) & 1).toBe(0);
    outb(THR, 3);
    outb(FCR, 0x00);
    expect(inb(LSR) & 1).toBe(0);
  });

  it('wires MCR to MSR in loopback as QEMU does (Linux autoconfig reads 0x90)', () => {
    const { inb, outb } = setup();
    outb(MCR, 0x1a);
    expect(inb(MSR)).toBe(0x90);
    outb(MCR, 0x1f);
    expect(inb(MSR)).toBe(0xf0);
    outb(MCR, 0x10);
    expect(inb(MSR)).toBe(0x00);
  });

  it('sets delta bits and a modem status interrupt when the host changes the modem lines', () => {
    const { inb, outb, uart, host } = setup();
    outb(IER, 0x08);
    uart.setModemInputs(0xf0); // RI rises: no TERI
    expect(host.lines[4]).toBe(false);
    uart.setModemInputs(0xb0); // RI falls: TERI
    expect(inb(IIR)).toBe(0x00);
    expect(inb(MSR)).toBe(0xb4);
    expect(inb(MSR)).toBe(0xb0);
    expect(host.lines[4]).toBe(false);
  });
});
