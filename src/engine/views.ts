/**
 * What the panels show, as plain data: strings for every 64-bit value (so the views cross a
 * worker boundary, go into a store and render without BigInt arithmetic in the UI), numbers
 * only where they are exact. Produced by the engine, rendered by the UI as they are.
 */

import type { RangesTableView } from './ranges-view.ts';
import type { TimelineView } from './time-travel-views.ts';

/** Why a run ended for good (the machine cannot go on without a reset) or paused. */
export interface StopInfo {
  reason: 'exit' | 'poweroff' | 'reset' | 'triple-fault' | 'halted-forever' | 'internal-error';
  /** One sentence for people. */
  message: string;
  /** More lines when there is more to say: the fault chain of a triple fault. */
  details: string[];
}

export type RunState = 'paused' | 'running' | 'ended';

/** Where a run may stop: a breakpoint's condition, or the one-shot target of "run to". */
export type StopCondition =
  | { kind: 'cr3-write' }
  /** An exception (vectors 0-31) raised by an instruction; null: any vector. */
  | { kind: 'exception'; vector: number | null }
  /** RIP reaches an address, typed as hex or a symbol (`kmain`, `kmain+0x10`). */
  | { kind: 'address'; address: string }
  /** A store that changes an entry of a paging structure the CPU walks. */
  | { kind: 'table-write' };

/** What "run to" can aim at: a stop condition, or an instruction count (guest time). */
export type RunTarget = StopCondition | { kind: 'instruction'; count: number };

export type Breakpoint = StopCondition & { id: number; enabled: boolean };

/** A breakpoint as the engine understood it. */
export type BreakpointView = Breakpoint & {
  /** What it stops at, in words: 'RIP = 0xffffffff80001000 (kmain)', 'any CR3 write'. */
  label: string;
  /** Why it cannot be armed (an address that does not parse, an unknown symbol). */
  error: string | null;
  hits: number;
};

/** Why the machine is paused: shown beside the run controls. */
export interface PauseInfo {
  reason: 'boot' | 'pause' | 'step' | 'run-to' | 'breakpoint';
  /** One sentence for people. */
  message: string;
  /** The breakpoint that stopped it. */
  breakpoint: number | null;
}

export interface EngineStatus {
  run: RunState;
  /** Guest time: instructions retired plus idle time skipped in hlt. */
  guestTime: number;
  /** Instructions retired since boot. */
  retired: number;
  rip: string;
  /** The symbol RIP is in, as `name+0xoff`, when the image has symbols. */
  where: string;
  halted: boolean;
  /** Set once the machine has ended. */
  stop: StopInfo | null;
  /** Why it paused last (kept while it runs, until the next pause). */
  pause: PauseInfo | null;
}

/** One CR3 write, exactly where it happened (from the core's PagingWatch). */
export interface Cr3Change {
  /** The value loaded, as the guest wrote it (flags and PCID bits included). */
  value: string;
  /** CR3 before the write; null for the value the boot loader left (the first entry). */
  old: string | null;
  /** Guest time (instruction count) of the mov to CR3; 0 for the boot value. */
  at: number;
  /** The mov to CR3 and its symbol; null and '' for the boot value. */
  rip: string | null;
  symbol: string;
  /** Findings raised at this write: indexes into PanelViews.findings. */
  findings: number[];
}

export interface Cr3View {
  value: string;
  /** The paging-structure root the value points to. */
  base: string;
  pwt: boolean;
  pcd: boolean;
  /** With CR4.PCIDE: the process-context ID in bits 11:0. */
  pcid: number | null;
  /** 'paging off', '32-bit', 'PAE', '4-level', '5-level'. */
  mode: string;
  /** The control bits that change how walks read entries, by name, set or clear. */
  controlBits: { name: string; set: boolean; why: string }[];
  /** The boot value, then every CR3 write in order (the oldest dropped past a limit). */
  history: Cr3Change[];
  /** Writes left out of `history` to keep it small (the oldest after the boot value). */
  historyOmitted: number;
}

/** A pitfall finding (src/analysis/pitfalls) as the Findings panel shows it. */
export interface FindingView {
  /** The detector's id, e.g. 'cr3-switch'. */
  detector: string;
  severity: 'error' | 'warning';
  /** One sentence: what is wrong. */
  what: string;
  /** Guest time of the instruction to blame, and its address and symbol, when one is. */
  at: number | null;
  rip: string | null;
  symbol: string;
  /** The CR3 of the address space concerned, the virtual address, the paging entry. */
  cr3: string | null;
  va: string | null;
  entryAddress: string | null;
  why: string;
  fix: string;
  /** Alike problems folded into this one (1 or more). */
  count: number;
}

export interface TranslationQuery {
  /** As the user typed it: hex (0x optional, `_` and `'` allowed), or a symbol name. */
  address: string;
  access: 'read' | 'write' | 'fetch';
  cpl: 0 | 3;
}

export interface TranslationStepView {
  /** The table the entry sits in, as the page-table tree names it. */
  table: TableRef;
  level: string;
  index: number;
  indexBits: [number, number];
  tableAddress: string;
  entryAddress: string;
  raw: string;
  /** The entry's bits by name: P, RW, US, PWT, PCD, A, D, PS, G, PAT, XD (and PKEY n). */
  flags: { name: string; set: boolean }[];
  /** The next table, or the page frame for a leaf. */
  address: string;
  leaf: boolean;
  present: boolean;
  reservedBits: number[];
  effective: { user: boolean; writable: boolean; noExecute: boolean };
}

export interface TranslationView {
  query: TranslationQuery;
  /** Set when the address could not be read; nothing else is then. */
  inputError?: string;
  va: string;
  /** What the input resolved to, e.g. 'kmain' -> 0xffffffff80001234. */
  resolvedFrom?: string;
  mode: string;
  cr3: string;
  fields: { name: string; hi: number; lo: number; value: string }[];
  steps: TranslationStepView[];
  notes: string[];
  ok: boolean;
  physical?: string;
  pageSize?: string;
  pageBase?: string;
  fault?: {
    vector: string;
    kind: string;
    level?: string;
    reason: string;
    errorCode: string;
    /** Each error-code bit by name and what it says. */
    errorCodeWords: string[];
    cr2?: string;
  };
}

/** Where a paging-structure table is: enough to read it again later. */
export interface TableRef {
  phys: number;
  /** Walker level: 5 = PML5 ... 1 = PT (PAE 3 = PDPTE). */
  depth: number;
  /** The raw (not sign-extended) first virtual address the table maps. */
  va: number;
}

/** The key a table is watched and opened by: where it is, at which level, for which VAs. */
export function tableKey(ref: TableRef): string {
  return `${ref.phys}:${ref.depth}:${ref.va}`;
}

export interface TableEntryView {
  /** Index of the first entry; `count` entries from there when a run. */
  index: number;
  count: number;
  level: string;
  /** First virtual address covered (canonical) and the last byte of the run. */
  va: string;
  vaLast: string;
  /** Bytes one entry covers, as words: '4 KiB', '2 MiB', '1 GiB', '512 GiB'. */
  span: string;
  raw: string;
  /** The next table's address, or the first frame for a leaf. */
  target: string;
  leaf: boolean;
  /** The entry's own rights: r, w (R/W), x (not XD), u (U/S). */
  rights: string;
  flags: string[];
  problems: string[];
  child: TableRef | null;
}

export interface TableView {
  ref: TableRef;
  key: string;
  level: string;
  phys: string;
  va: string;
  present: number;
  entries: TableEntryView[];
  /** A hash of what the view is made of: equal stamps, equal views (table-view.ts). */
  stamp: string;
}

export interface RangesView {
  infoMem: string;
  infoTlb: string;
  /** Lines left out of `info tlb` to keep the view small, 0 when none. */
  infoTlbOmitted: number;
  /** pagescope's own ranges: runs with NX, physical placement and the names they hold. */
  table: RangesTableView;
}

/** Everything the panels show of one machine state. */
export interface PanelViews {
  registers: string;
  cr3: Cr3View;
  ranges: RangesView;
  translation: TranslationView | null;
  /** What the pitfall detectors found so far, in the order found. */
  findings: FindingView[];
  breakpoints: BreakpointView[];
  /** The run's extent and its markers; null for an engine that does not record its run. */
  timeline: TimelineView | null;
  /** The root table first, then the tables its entries point to, then each watched table. */
  tables: TableView[];
}

/** A file the machine is given besides the kernel (a module, a disk image), with its name. */
export interface MachineFile {
  name: string;
  bytes: Uint8Array;
}

/** A module, with its command line (after its name in a Multiboot module string). */
export interface MachineModule extends MachineFile {
  cmdline: string;
}

/** What the page may choose of the machine an image boots on. */
export interface MachineConfig {
  /** Guest RAM in bytes. */
  ramSize: number;
  /** The kernel's command line (Multiboot's, Limine's executable command line). */
  cmdline: string;
  /** Modules in the order the loader lists them (QEMU's -initrd); none when absent. */
  modules?: MachineModule[];
  /** Disk images on the primary ATA channel's master and slave; none when absent. */
  disk?: MachineFile | null;
  diskSlave?: MachineFile | null;
}

/** A file the machine has, as the page shows it (its bytes stay in the engine). */
export interface MachineFileInfo {
  name: string;
  size: number;
}

export interface BootInfo {
  name: string;
  size: number;
  protocol: string;
  format: string;
  reason: string;
  ramSize: number;
  cmdline: string;
  modules: (MachineFileInfo & { cmdline: string })[];
  disk: MachineFileInfo | null;
  diskSlave: MachineFileInfo | null;
  warnings: string[];
  entry: string;
}
