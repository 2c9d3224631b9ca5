import type { PortBus } from '../io-bus.ts';
import type { PhysicalMemory } from '../memory/physical-memory.ts';
import { ATA_CHANNELS, AtaPio } from './ata-pio.ts';
import { DebugConsole } from './debug-console.ts';
import { DebugExit } from './debug-exit.ts';
import type { DeviceHost } from './device-host.ts';
import { Framebuffer, type FramebufferOptions } from './framebuffer.ts';
import { FwCfg } from './fw-cfg.ts';
import { Ps2Controller } from './ps2-controller.ts';
import { ResetControl, SystemControlPortA } from './reset-control.ts';
import { Uart16550 } from './uart16550.ts';
import { VgaText } from './vga-text.ts';

/** The PC's four serial ports, by their BIOS names. */
export const COM_PORTS = {
  com1: { base: 0x3f8, irq: 4 },
  com2: { base: 0x2f8, irq: 3 },
  com3: { base: 0x3e8, irq: 4 },
  com4: { base: 0x2e8, irq: 3 },
} as const;
export type ComPort = keyof typeof COM_PORTS;

export interface PcPeripheralOptions {
  /** Serial ports present (default COM1 only, like QEMU's `-serial stdio`). */
  serial?: ComPort[];
  /** Port 0xe9 (default on). */
  debugConsole?: boolean;
  /** isa-debug-exit: where and how wide (default 0xf4, 4 ports); false to leave it out. */
  debugExit?: { base?: number; size?: number } | false;
  /** The primary ATA master's image; without it the channel reads as empty. */
  disk?: Uint8Array;
  /** A disk image for the primary channel's slave position. */
  slaveDisk?: Uint8Array;
  /** A disk image for the secondary channel's master position (QEMU's `index=2`). */
  secondaryDisk?: Uint8Array;
  /** VGA text mode (default on). */
  vga?: boolean;
  /** A linear framebuffer, when the boot protocol sets one up (default none). */
  framebuffer?: FramebufferOptions;
  /** fw_cfg (default on): CPU count and extra files; the RAM size comes from `ramSize`. */
  fwCfg?: { cpus?: number; files?: { name: string; data: Uint8Array }[] } | false;
  /** RAM size fw_cfg reports (default: the PhysicalMemory's size). */
  ramSize?: number;
  /** A20 changes through the 8042 output port or port 0x92 (the last write wins, as in QEMU). */
  onA20?: (enabled: boolean) => void;
}

export interface PcPeripherals {
  serial: Partial<Record<ComPort, Uart16550>>;
  debugConsole?: DebugConsole;
  debugExit?: DebugExit;
  ps2: Ps2Controller;
  vga?: VgaText;
  framebuffer?: Framebuffer;
  /** The primary ATA channel (0x1f0, IRQ14). */
  ata: AtaPio;
  /** The secondary ATA channel (0x170, IRQ15), empty unless `secondaryDisk` is given. */
  ataSecondary: AtaPio;
  fwCfg?: FwCfg;
  resetControl: ResetControl;
  systemControlA: SystemControlPortA;
  /** Puts every device back in its power-on state (after a `reset` event). */
  reset(): void;
  /** Emits `text-screen-changed` / `framebuffer-changed` for what changed since the UI's last
   * read; call it between run slices. */
  poll(): void;
}

/**
 * Creates the PC peripherals this module provides and plugs them into the port bus and the
 * physical address space. The timer, interrupt controllers, CMOS, ACPI and port 0x61 are the
 * Machine's; nothing here claims their ports.
 */
export function attachPcPeripherals(
  bus: PortBus,
  mem: PhysicalMemory,
  host: DeviceHost,
  options: PcPeripheralOptions = {},
): PcPeripherals {
  const serial: Partial<Record<ComPort, Uart16550>> = {};
  for (const name of options.serial ?? ['com1']) {
    const uart = new Uart16550(host, COM_PORTS[name]);
    uart.attach(bus);
    serial[name] = uart;
  }
  const debugConsole = options.debugConsole === false ? undefined : new DebugConsole(host);
  debugConsole?.attach(bus);
  const exitOptions = options.debugExit;
  const debugExit =
    exitOptions === false ? undefined : new DebugExit(host, exitOptions?.base, exitOptions?.size);
  debugExit?.attach(bus);
  const ps2 = new Ps2Controller(host, { onA20: options.onA20 });
  ps2.attach(bus);
  const vga = options.vga === false ? undefined : new VgaText(host, mem);
  vga?.attach(bus);
  const framebuffer = options.framebuffer && new Framebuffer(host, mem, options.framebuffer);
  const ata = new AtaPio(host, { image: options.disk, slaveImage: options.slaveDisk });
  ata.attach(bus);
  const ataSecondary = new AtaPio(host, {
    image: options.secondaryDisk,
    channel: ATA_CHANNELS.secondary,
  });
  ataSecondary.attach(bus);
  const fwOptions = options.fwCfg;
  const fwCfg =
    fwOptions === false
      ? undefined
      : new FwCfg({ ramSize: options.ramSize ?? mem.size, ...fwOptions });
  fwCfg?.attach(bus);
  const resetControl = new ResetControl(host);
  resetControl.attach(bus);
  const systemControlA = new SystemControlPortA(host, options.onA20);
  systemControlA.attach(bus);

  return {
    serial,
    debugConsole,
    debugExit,
    ps2,
    vga,
    framebuffer,
    ata,
    ataSecondary,
    fwCfg,
    resetControl,
    systemControlA,
    reset() {
      for (const uart of Object.values(serial)) uart.reset();
      ps2.reset();
      vga?.reset();
      ata.reset();
      ataSecondary.reset();
      resetControl.reset();
      systemControlA.reset();
    },
    poll() {
      vga?.poll();
      framebuffer?.poll();
    },
  };
}

/** What pcPeripheralsFactory needs of a Machine (its port bus, RAM and device registry). */
export interface PeripheralSlot {
  io: PortBus;
  mem: PhysicalMemory;
  devices: { add(name: string, device: unknown): void };
}

/**
 * The peripherals as a Machine device factory (`new Machine({ devices: [pcPeripheralsFactory()]
 * })`): attaches them and registers each by name: 'pc-peripherals' (the whole set), 'com1'..
 * 'com4', 'debugcon', 'debug-exit', 'ps2', 'vga', 'framebuffer', 'ata', 'ata-secondary', 'fw-cfg',
 * 'reset-control', 'port92'. `onAttach` receives the set, e.g. to keep it for resets.
 */
export function pcPeripheralsFactory(
  options: PcPeripheralOptions = {},
  onAttach?: (pc: PcPeripherals) => void,
): (host: DeviceHost, machine: PeripheralSlot) => void {
  return (host, machine) => {
    const pc = attachPcPeripherals(machine.io, machine.mem, host, options);
    const add = (name: string, device: unknown) => {
      if (device) machine.devices.add(name, device);
    };
    add('pc-peripherals', pc);
    for (const [name, uart] of Object.entries(pc.serial)) add(name, uart);
    add('debugcon', pc.debugConsole);
    add('debug-exit', pc.debugExit);
    add('ps2', pc.ps2);
    add('vga', pc.vga);
    add('framebuffer', pc.framebuffer);
    add('ata', pc.ata);
    add('ata-secondary', pc.ataSecondary);
    add('fw-cfg', pc.fwCfg);
    add('reset-control', pc.resetControl);
    add('port92', pc.systemControlA);
    onAttach?.(pc);
  };
}
