/**
 * The messages between the page and the engine worker. Requests carry an id and get exactly
 * one response with that id; the worker also pushes `update` events on its own (while the
 * machine runs, and after anything that changes what the panels show). Everything here is
 * structured-clone data. Change a message's shape, then bump PROTOCOL_VERSION: the page and
 * the worker can come from different builds (a cached worker script), and `hello` refuses a
 * mismatch instead of letting the two misread each other.
 */
import type { BootError } from '../boot/index.ts';
import type {
  BootInfo,
  Breakpoint,
  EngineStatus,
  MachineConfig,
  PanelViews,
  RunTarget,
  TableRef,
  TranslationQuery,
} from '../engine/views.ts';
import type {
  AddressMapView,
  DisassemblyQuery,
  DisassemblyView,
  MemoryQuery,
  MemoryView,
  ScreenView,
} from '../engine/inspector-views.ts';
import type { DescriptorsView } from '../engine/descriptors-view.ts';
import type { RangeFilter } from '../engine/range-filter.ts';
import type { SeekProgress } from '../engine/time-travel-views.ts';
import type { TimeTravelCalls } from './time-travel-protocol.ts';

export const PROTOCOL_VERSION = 6;

export interface HelloReply {
  version: number;
  /** Whether the worker can share guest RAM (the page is cross-origin isolated). */
  isolated: boolean;
}

export type BootReply =
  | { ok: true; info: BootInfo; epoch: number; ram: SharedArrayBuffer | null }
  | { ok: false; error: BootError };

/** Each call: what it sends and what its response carries. */
export interface EngineCalls extends TimeTravelCalls {
  hello: { args: { version: number }; result: HelloReply };
  /** Boots an image; on failure the running session (if any) is left as it was. */
  boot: {
    args: { image: Uint8Array; name: string; run: boolean; machine?: MachineConfig };
    result: BootReply;
  };
  /** Starts running; answers at once (progress comes as updates). */
  run: { args: Record<never, never>; result: null };
  pause: { args: Record<never, never>; result: null };
  /** Runs `count` instructions of guest time, then pauses; answers when done or paused. */
  step: { args: { count: number }; result: null };
  /**
   * Boots the same image again, paused at its entry point, on the same machine (its modules
   * and disks included) or on `machine` (other RAM, command line, modules or disks).
   */
  reset: { args: { machine?: MachineConfig }; result: BootReply };
  /**
   * What the panels look at: the address to translate, the open tables of the tree, and
   * what the ranges table is narrowed to (applied to every run before the table is capped).
   */
  watch: {
    args: { translation: TranslationQuery | null; tables: TableRef[]; rangeFilter: RangeFilter };
    result: null;
  };
  /** A copy of guest RAM, for a page that is not cross-origin isolated. */
  readRam: { args: { address: number; length: number }; result: Uint8Array };
  /** Guest memory by virtual (through the page tables) or physical address, with why not. */
  memory: { args: MemoryQuery; result: MemoryView };
  /** Instructions at an address, or around RIP. */
  disassemble: { args: DisassemblyQuery; result: DisassemblyView };
  /** The text screen and the framebuffer rows changed since the last call (all with `full`). */
  screen: { args: { full: boolean }; result: ScreenView };
  /** Every mapped range of the address space, and the named regions. */
  addressMap: { args: Record<never, never>; result: AddressMapView };
  /** Runs until the target (or a breakpoint, or the end); answers at once, like run. */
  runTo: { args: { target: RunTarget }; result: null };
  /** Replaces the breakpoints; they stay across reset and boot (symbols resolve anew). */
  setBreakpoints: { args: { breakpoints: Breakpoint[] }; result: null };
  /** The GDT, LDT, IDT and TSS, entry by entry, with what the tables map of them. */
  descriptors: { args: Record<never, never>; result: DescriptorsView };
}

export type CallName = keyof EngineCalls;
export type CallArgs<K extends CallName> = EngineCalls[K]['args'];
export type CallResult<K extends CallName> = EngineCalls[K]['result'];

export type Request = {
  [K in CallName]: { type: 'request'; id: number; call: K; args: CallArgs<K> };
}[CallName];

export type Response =
  | { type: 'response'; id: number; ok: true; result: CallResult<CallName> }
  | { type: 'response'; id: number; ok: false; error: string };

/** What changed: the status always; serial text since the last update; views when fresh. */
export interface UpdateEvent {
  type: 'update';
  /** Counts boots: a new epoch means a new machine (clear the terminal, forget old views). */
  epoch: number;
  status: EngineStatus;
  /** Guest instructions retired per host second over the last interval; null when idle. */
  mips: number | null;
  serial: string;
  views: PanelViews | null;
  /** Tables of `views` sent without their entries: the page holds them already (table-delta.ts). */
  keptTables: string[];
  /** A problem in pagescope itself worth showing (the views could not be built). */
  notice: string | null;
  /** A seek in progress (the status has where it is now); absent or null otherwise. */
  seeking?: SeekProgress | null;
}

export type WorkerMessage = Response | UpdateEvent;
