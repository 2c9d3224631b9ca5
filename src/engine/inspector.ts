import { addressMapView } from './address-map-view.ts';
import { disassemblyView } from './disassembly-view.ts';
import type {
  AddressMapView,
  DisassemblyQuery,
  DisassemblyView,
  MemoryQuery,
  MemoryView,
  ScreenView,
} from './inspector-views.ts';
import { memoryView } from './memory-view.ts';
import { screenView } from './screen-view.ts';
import type { SessionEngine } from './session-engine.ts';

/**
 * The inspector panels' views of one engine's machine (inspector-views.ts): each reads the
 * live state without changing it, the way analysis does.
 */
export const inspector = {
  memory: (e: SessionEngine, q: MemoryQuery): MemoryView =>
    memoryView(e.machine.cpu, e.machine.mem, e.plan.symbols, q),
  disassemble: (e: SessionEngine, q: DisassemblyQuery): DisassemblyView =>
    disassemblyView(e.machine.cpu, e.machine.mem, e.plan.symbols, q),
  screen: (e: SessionEngine, full: boolean): ScreenView => screenView(e.machine, full),
  addressMap: (e: SessionEngine): AddressMapView =>
    addressMapView(e.machine.cpu, e.machine.mem, e.plan),
};
