import type { Cpu } from '../cpu/cpu.ts';
import type { TimerClient } from '../devices/device-host.ts';
import type { LocalApic } from '../devices/lapic.ts';
import type { TimerQueue } from '../devices/timer-queue.ts';
import type { PhysicalMemory } from '../memory/physical-memory.ts';
import type { DeviceRegistry } from './registry.ts';
import { loadCpu, saveCpu } from './snapshot-cpu.ts';
import type { CpuSnapshot } from './snapshot-cpu.ts';
import { isStateOwner } from './snapshot-fields.ts';
import type { SavedState, StateOwner } from './snapshot-fields.ts';
import { PAGE_SIZE, captureRam, restoreRam } from './snapshot-ram.ts';
import type { RamImage } from './snapshot-ram.ts';

export const SNAPSHOT_VERSION = 1;

/**
 * Everything that decides a machine's future, as plain data (structured-clone safe, so it
 * can cross the worker boundary): the CPU with its TLB, every device that keeps state, the
 * pending timers with their deadlines, and guest RAM. Caches (decoded blocks) are left out.
 */
export interface MachineSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** Guest time (Cpu.now()) at the snapshot. */
  at: number;
  cpu: CpuSnapshot;
  /** By device-registry name. */
  devices: Record<string, SavedState>;
  timers: SavedState;
  ram: RamImage;
}

/** What snapshots read and write of a Machine. */
export interface SnapshotParts {
  cpu: Cpu;
  mem: PhysicalMemory;
  devices: DeviceRegistry;
  timers: TimerQueue;
  lapic: LocalApic;
}

/** Timer clients by name: registered devices that are clients, and the local APIC's timer. */
function timerClients(m: SnapshotParts): Map<string, TimerClient> {
  const byName = new Map<string, TimerClient>([['lapic.timer', m.lapic.timer]]);
  for (const name of m.devices.names()) {
    const d = m.devices.get<Partial<TimerClient>>(name);
    if (typeof d?.onTimer === 'function') byName.set(name, d as TimerClient);
  }
  return byName;
}

function stateOwners(m: SnapshotParts): string[] {
  return m.devices.names().filter((name) => isStateOwner(m.devices.get(name)));
}

/**
 * Captures the machine between two run() calls. `ramBase` is the image RAM equalled when
 * its written marks were last cleared (the previous capture or restore), or null.
 */
export function captureMachine(m: SnapshotParts, ramBase: RamImage | null): MachineSnapshot {
  const ram = captureRam(m.mem, ramBase);
  m.cpu.tlb.revokeAllDirectWrites();
  const devices: Record<string, SavedState> = {};
  for (const name of stateOwners(m))
    devices[name] = m.devices.require<StateOwner>(name).saveState();
  const names = new Map([...timerClients(m)].map(([name, client]) => [client, name]));
  return {
    version: SNAPSHOT_VERSION,
    at: m.cpu.now(),
    cpu: saveCpu(m.cpu),
    devices,
    timers: m.timers.saveState((client) => names.get(client)),
    ram,
  };
}

/** Puts the machine in the snapshot's state. The machine must be configured as the one it
 * came from (same RAM size, same devices). */
export function restoreMachine(
  m: SnapshotParts,
  s: MachineSnapshot,
  ramBase: RamImage | null,
): void {
  if (s.version !== SNAPSHOT_VERSION)
    throw new Error(
      `snapshot version ${String(s.version)}; this machine reads ${SNAPSHOT_VERSION}`,
    );
  const owners = stateOwners(m);
  const missing = owners.filter((name) => !(name in s.devices));
  const extra = Object.keys(s.devices).filter((name) => !owners.includes(name));
  if (missing.length > 0 || extra.length > 0)
    throw new Error(
      `snapshot of another machine: devices missing [${missing.join(', ')}], ` +
        `unknown [${extra.join(', ')}]`,
    );
  // Decoded blocks are a cache of RAM bytes, a page at most each: those of the pages the
  // restore rewrote go, the rest stay valid (and compiled) for the run that follows.
  const blocks = m.cpu.blocks;
  restoreRam(m.mem, s.ram, ramBase, (page) => blocks.invalidateFrame(page * PAGE_SIZE));
  loadCpu(m.cpu, s.cpu);
  for (const name of owners) m.devices.require<StateOwner>(name).loadState(s.devices[name]);
  const clients = timerClients(m);
  m.timers.loadState(s.timers, (name) => {
    const client = clients.get(name);
    if (client === undefined) throw new Error(`snapshot has a timer of unknown device '${name}'`);
    return client;
  });
}
