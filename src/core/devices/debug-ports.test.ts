import { describe, expect, it } from 'vitest';
import { PortBus } from '../io-bus.ts';
import { DebugConsole } from './debug-console.ts';
import { DebugExit, processExitCode } from './debug-exit.ts';
import { FakeDeviceHost } from './fake-device-host.ts';
import { ResetControl, SystemControlPortA } from './reset-control.ts';

function setup() {
  const host = new FakeDeviceHost();
  const bus = new PortBus();
  const a20: boolean[] = [];
  new DebugConsole(host).attach(bus);
  new DebugExit(host).attach(bus);
  new ResetControl(host).attach(bus);
  new SystemControlPortA(host, (on) => a20.push(on)).attach(bus);
  return { host, bus, a20 };
}

describe('port 0xe9 debug console', () => {
  it('emits each byte written and reads back 0xe9 so kernels can detect it', () => {
    const { host, bus } = setup();
    for (const c of 'ok\n') bus.out(0xe9, 1, c.charCodeAt(0));
    expect(host.eventsOf('debugcon').map((e) => e.byte)).toEqual([0x6f, 0x6b, 0x0a]);
    expect(bus.in(0xe9, 1)).toBe(0xe9);
  });
});

describe('isa-debug-exit at 0xf4', () => {
  it('exits with status (n << 1) | 1, the QEMU convention test runners rely on', () => {
    const { host, bus } = setup();
    bus.out(0xf4, 1, 0x10);
    bus.out(0xf4, 1, 0x00);
    bus.out(0xf4, 4, 0x31);
    bus.out(0xf7, 1, 0x02); // any port of the 4-byte window
    expect(host.eventsOf('exit').map((e) => e.status)).toEqual([0x21, 0x01, 0x63, 0x05]);
  });

  it('keeps the full value in the event; the process exit code is its low byte', () => {
    const { host, bus } = setup();
    bus.out(0xf4, 4, 0xffffffff);
    const status = host.eventsOf('exit')[0].status;
    expect(status).toBe(0x1_ffff_ffff);
    expect(processExitCode(status)).toBe(0xff);
    expect(processExitCode(0x21)).toBe(33);
    expect(bus.in(0xf4, 1)).toBe(0);
  });
});

describe('reset control', () => {
  it('resets on a 0xcf9 write with bit 2 (after the usual 0x02), keeping only bit 1', () => {
    const { host, bus } = setup();
    bus.out(0xcf9, 1, 0x02);
    expect(host.events).toEqual([]);
    expect(bus.in(0xcf9, 1)).toBe(0x02);
    bus.out(0xcf9, 1, 0x06);
    expect(host.events).toEqual([{ kind: 'reset', source: '0xcf9' }]);
  });

  it('gates A20 and pulses reset through port 0x92', () => {
    const { host, bus, a20 } = setup();
    expect(bus.in(0x92, 1)).toBe(0x02);
    bus.out(0x92, 1, 0x00);
    bus.out(0x92, 1, 0x02);
    expect(a20).toEqual([false, true]);
    bus.out(0x92, 1, 0x03);
    expect(host.events).toEqual([{ kind: 'reset', source: '0x92' }]);
  });
});
