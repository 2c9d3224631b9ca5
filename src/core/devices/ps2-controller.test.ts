import { describe, expect, it } from 'vitest';
import { PortBus } from '../io-bus.ts';
import { FakeDeviceHost } from './fake-device-host.ts';
import { Ps2Controller } from './ps2-controller.ts';

function setup() {
  const host = new FakeDeviceHost();
  const bus = new PortBus();
  const a20: boolean[] = [];
  const ps2 = new Ps2Controller(host, { onA20: (on) => a20.push(on) });
  ps2.attach(bus);
  const status = () => bus.in(0x64, 1);
  const command = (c: number) => bus.out(0x64, 1, c);
  const write = (v: number) => bus.out(0x60, 1, v);
  /** Every byte the guest can read now, as a polling driver drains them. */
  const drain = () => {
    const got: number[] = [];
    for (let i = 0; i < 100 && status() & 1; i++) got.push(bus.in(0x60, 1));
    return got;
  };
  /** A controller command and its reply, the way drivers poll for it. */
  const ask = (c: number) => (command(c), drain());
  const send = (...bytes: number[]) => bytes.flatMap((b) => (write(b), drain()));
  return { host, bus, ps2, a20, status, command, write, drain, ask, send };
}

describe('8042 PS/2 controller', () => {
  it('starts as SeaBIOS leaves it: self-tested, translating, keyboard IRQ on, aux off', () => {
    const { status, ask } = setup();
    expect(status()).toBe(0x14);
    expect(ask(0x20)).toEqual([0x61]);
    expect(status() & 0x08).toBe(0x08); // the last write went to the command port
  });

  it('answers the self-tests: 0xaa -> 0x55, 0xab and 0xa9 -> 0x00', () => {
    const { ask } = setup();
    expect(ask(0xaa)).toEqual([0x55]);
    expect(ask(0xab)).toEqual([0x00]);
    expect(ask(0xa9)).toEqual([0x00]);
  });

  it('passes the init sequence a Linux-like i8042 driver performs', () => {
    const { ask, command, write, drain, send, status, host } = setup();
    command(0xad); // disable keyboard
    command(0xa7); // disable aux
    drain(); // flush
    const ctr = ask(0x20)[0];
    expect(ctr).toBe(0x71); // 0x61 with the keyboard port disabled
    command(0x60);
    write((ctr & ~0x03) | 0x10); // no IRQs, keyboard port disabled
    expect(ask(0x20)).toEqual([0x70]);
    expect(ask(0xaa)).toEqual([0x55]);
    expect(ask(0xab)).toEqual([0x00]);
    // Aux port detection: enabling it clears CTR bit 5, and a looped byte comes back as aux.
    command(0xa8);
    expect(ask(0x20)[0] & 0x20).toBe(0);
    command(0xd3);
    write(0x5a);
    expect(status() & 0x21).toBe(0x21);
    expect(drain()).toEqual([0x5a]);
    command(0xa7);
    // Keyboard probe through atkbd: reset, identify, set 2, LEDs, rate, enable.
    command(0xae);
    command(0x60);
    write(0x61);
    expect(send(0xff)).toEqual([0xfa, 0xaa]);
    expect(send(0xf2)).toEqual([0xfa, 0xab, 0x41]); // 0x83 through the translation
    expect(send(0xf0, 0x02)).toEqual([0xfa, 0xfa]);
    expect(send(0xf0, 0x00)).toEqual([0xfa, 0xfa, 0x41]); // "set 2", translated
    expect(send(0xed, 0x07)).toEqual([0xfa, 0xfa]);
    expect(send(0xf3, 0x00)).toEqual([0xfa, 0xfa]);
    expect(send(0xf4)).toEqual([0xfa]);
    expect(send(0xee)).toEqual([0xee]);
    expect(host.events).toEqual([]);
  });

  it('identifies as 0xab 0x83 with translation off', () => {
    const { command, write, send } = setup();
    command(0x60);
    write(0x21);
    expect(send(0xf2)).toEqual([0xfa, 0xab, 0x83]);
    expect(send(0xf0, 0x00)).toEqual([0xfa, 0xfa, 0x02]);
  });

  it('raises IRQ1 for a key and drops it when port 0x60 is read, one edge per byte', () => {
    const { ps2, host, bus, status } = setup();
    ps2.keyEvent('KeyA', true);
    expect(host.lines[1]).toBe(true);
    expect(status()).toBe(0x15);
    expect(bus.in(0x60, 1)).toBe(0x1e);
    expect(host.lines[1]).toBe(false);
    ps2.keyEvent('KeyA', false);
    ps2.keyEvent('ArrowUp', true);
    expect(bus.in(0x60, 1)).toBe(0x9e);
    expect(bus.in(0x60, 1)).toBe(0xe0);
    expect(bus.in(0x60, 1)).toBe(0x48);
    expect(host.risingEdges(1)).toBe(4);
    expect(host.lines[1]).toBe(false);
    expect(bus.in(0x60, 1)).toBe(0x48); // an empty buffer repeats the last byte
  });

  it('sends set 1 through translation for extended keys, PrintScreen and Pause', () => {
    const { ps2, drain } = setup();
    ps2.keyEvent('ArrowUp', false);
    ps2.keyEvent('PrintScreen', true);
    ps2.keyEvent('PrintScreen', false);
    expect(drain()).toEqual([0xe0, 0xc8, 0xe0, 0x2a, 0xe0, 0x37, 0xe0, 0xb7, 0xe0, 0xaa]);
    ps2.keyEvent('Pause', true);
    ps2.keyEvent('F7', true);
    ps2.keyEvent('F7', false);
    expect(drain()).toEqual([0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5, 0x41, 0xc1]);
  });

  it('sends raw set 2 with translation off, and set 1 when the keyboard is switched to it', () => {
    const { ps2, command, write, drain, send } = setup();
    command(0x60);
    write(0x01);
    ps2.keyEvent('KeyA', true);
    ps2.keyEvent('KeyA', false);
    ps2.keyEvent('ArrowUp', false);
    expect(drain()).toEqual([0x1c, 0xf0, 0x1c, 0xe0, 0xf0, 0x75]);
    expect(send(0xf0, 0x01)).toEqual([0xfa, 0xfa]);
    ps2.keyEvent('KeyA', false);
    expect(drain()).toEqual([0x9e]);
    expect(send(0xf0, 0x03)).toEqual([0xfa, 0xfe]); // set 3 is not offered
  });

  it('sends no keys while scanning is off, and none of an unknown key', () => {
    const { ps2, send, drain } = setup();
    expect(send(0xf5)).toEqual([0xfa]);
    ps2.keyEvent('KeyB', true);
    expect(drain()).toEqual([]);
    expect(send(0xf4)).toEqual([0xfa]);
    expect(ps2.keyEvent('NoSuchKey', true)).toBe(false);
    ps2.keyEvent('KeyB', true);
    expect(drain()).toEqual([0x30]);
  });

  it('holds keyboard bytes while its port is disabled, and puts controller replies first', () => {
    const { ps2, command, drain, ask, host } = setup();
    command(0xad);
    ps2.keyEvent('KeyA', true);
    expect(host.lines[1]).toBe(false);
    expect(ask(0x20)).toEqual([0x71]);
    command(0xae);
    expect(host.lines[1]).toBe(true);
    expect(drain()).toEqual([0x1e]);
  });

  it('routes mouse replies as aux data on IRQ12, with AUX_OBF in the status', () => {
    const { command, write, status, drain, host } = setup();
    command(0x60);
    write(0x43); // both IRQs, translation, both ports enabled
    command(0xd4);
    write(0xff);
    expect(status() & 0x21).toBe(0x21);
    expect(host.lines[12]).toBe(true);
    expect(host.lines[1]).toBe(false);
    expect(drain()).toEqual([0xfa, 0xaa, 0x00]);
    command(0xd4);
    write(0xf2);
    expect(drain()).toEqual([0xfa, 0x00]);
    command(0xd4);
    write(0xf3);
    command(0xd4);
    write(200);
    command(0xd4);
    write(0xe9);
    expect(drain()).toEqual([0xfa, 0xfa, 0xfa, 0x00, 0x02, 200]);
  });

  it('drives A20 and reset through the output port, and resets on the 0xfe pulse', () => {
    const { command, write, ask, host, a20, ps2 } = setup();
    expect(ask(0xd0)).toEqual([0xcf]);
    command(0xd1);
    write(0xcd); // A20 off
    expect(a20).toEqual([false]);
    expect(ps2.a20).toBe(false);
    command(0xdf);
    expect(a20).toEqual([false, true]);
    expect(host.events).toEqual([]);
    command(0xfe);
    expect(host.events).toEqual([{ kind: 'reset', source: '8042' }]);
    command(0xd1);
    write(0xce); // bit 0 low holds the CPU in reset
    expect(host.eventsOf('reset')).toHaveLength(2);
    command(0xff); // pulse nothing
    expect(host.eventsOf('reset')).toHaveLength(2);
  });
});

describe('8042 wide accesses', () => {
  it('splits a word read at 0x60 into its data byte and a floating 0x61', () => {
    const { ps2, bus } = setup();
    ps2.keyEvent('KeyA', true);
    ps2.keyEvent('KeyA', false);
    expect(bus.in(0x60, 2)).toBe(0xff1e);
    expect(bus.in(0x60, 1)).toBe(0x9e);
  });
});
