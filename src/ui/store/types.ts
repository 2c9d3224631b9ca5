import type {
  BootInfo,
  MachineConfig,
  EngineStatus,
  FindingView,
  PanelViews,
  TableRef,
  TranslationQuery,
} from '../../engine/views.ts';
import type { DebugSlice } from './debug-slice.ts';
import type { InspectorSlice } from './inspector-slice.ts';
import type { RangesSlice } from './ranges-slice.ts';
import type { RecentSlice } from './recent-slice.ts';
import type { ShareSlice } from './share-slice.ts';
import type { ShellSlice } from './shell-slice.ts';
import type { TimeTravelSlice } from './time-travel-slice.ts';

export interface BootFailure {
  name: string;
  code: string;
  message: string;
  hint: string;
}

/** The engine connection and the session it runs: what the toolbar and the banners show. */
export interface SessionSlice {
  connection: 'connecting' | 'ready' | 'failed';
  /** Why the engine could not be reached (worker failed, protocol mismatch). */
  connectionError: string | null;
  ramShared: boolean;
  /** The kernel booted now, and what booting it found. */
  kernelName: string | null;
  boot: BootInfo | null;
  /** The last boot that failed: the boot error catalog's entry, or why the file could not be read. */
  bootFailure: BootFailure | null;
  /** A boot in progress (fetch, then the engine). */
  booting: string | null;
  epoch: number;
  status: EngineStatus | null;
  mips: number | null;
  notice: string | null;
  /**
   * The machine the next boot uses (RAM, the kernel's command line, modules, disks); null:
   * the default one.
   */
  machine: MachineConfig | null;
  /**
   * Chooses the machine and boots the current kernel again on it; false, keeping the machine
   * that runs, when the kernel cannot boot on it (`bootFailure` says why).
   */
  setMachine(machine: MachineConfig): Promise<boolean>;
  start(): Promise<void>;
  bootImage(image: Uint8Array, name: string): Promise<void>;
  bootBundled(file: string): Promise<void>;
  run(): Promise<void>;
  pause(): Promise<void>;
  step(count: number): Promise<void>;
  reset(): Promise<void>;
  dismissBootFailure(): void;
  /** Guest physical memory (read in place when shared, else copied by the engine). */
  readRam(address: number, length: number): Promise<Uint8Array>;
}

/** The latest views, the serial text and the registers before the last step. */
export interface ViewsSlice {
  views: PanelViews | null;
  /** Registers as they were before the last step, to highlight what it changed. */
  registersBefore: string | null;
  serial: string;
}

export interface TranslationSlice {
  query: TranslationQuery;
  setQuery(q: Partial<TranslationQuery>): void;
}

/**
 * The page-table tree's open tables. The root's children are open unless closed (the engine
 * always sends them); deeper tables are open when opened, each with the table it was opened
 * from, and the engine reads those because they are watched.
 */
export interface TreeSlice {
  expanded: Record<string, { ref: TableRef; parent: string | null }>;
  /** Tables under the root the user closed. */
  closedTop: Record<string, true>;
  /** Tables showing all their entries rather than the first ones. */
  showAll: Record<string, true>;
  /** Opens or closes a table; `top` when it hangs off the root table. */
  toggleTable(key: string, ref: TableRef, parent: string | null, top: boolean): void;
  showAllEntries(key: string): void;
  /**
   * Opens the tables a walk read (the root first) with all their entries, and asks the tree
   * to scroll to the walk's last entry (`pathShown` counts the requests).
   */
  showPath(tables: TableRef[]): void;
  pathShown: number;
}

/** Which finding the user followed: the CR3 it names is marked in the CR3 panel. */
export interface FindingsSlice {
  /** A CR3 value as the views spell it (hexShort), marked in the CR3 history. */
  selectedCr3: string | null;
  /** Translates the finding's address (or its RIP) and marks its CR3. */
  showFinding(f: FindingView): void;
  selectCr3(value: string | null): void;
}

export type AppState = SessionSlice &
  ViewsSlice &
  TranslationSlice &
  TreeSlice &
  RangesSlice &
  FindingsSlice &
  DebugSlice &
  InspectorSlice &
  ShellSlice &
  RecentSlice &
  TimeTravelSlice &
  ShareSlice;
