/**
 * What the timeline shows, as plain data (see views.ts): the run's extent, where the machine
 * is in it, and the moments worth jumping to, each with its instruction count.
 */

/** Where "run back" can go: the last such event before the current instruction. */
export type RunBackTarget = 'cr3-write' | 'table-write' | 'exception';

export type TimelineMarkerKind = RunBackTarget | 'finding';

export interface TimelineMarker {
  kind: TimelineMarkerKind;
  /** Guest time (instruction count) of the instruction. */
  at: number;
  /** One line for a tooltip: 'CR3 <- 0x1000', '#PF at 0xffff800000001000'. */
  label: string;
}

export interface TimelineView {
  /** The furthest instruction the run has reached: the timeline spans 0 .. end. */
  end: number;
  position: number;
  /** In order of guest time within each kind. */
  markers: TimelineMarker[];
  /** Markers left out per kind to keep the view small (a kernel filling its tables writes many). */
  omitted: Record<TimelineMarkerKind, number>;
}

/** How the address space at instruction `b` differs from the one at `a`. */
export interface SpaceDiffView {
  a: number;
  b: number;
  /** CR3 at each side, as the views spell it. */
  cr3A: string;
  cr3B: string;
  ranges: {
    kind: 'added' | 'removed' | 'changed';
    /** The range and both sides: '~ 0x1000-0x2000 (4 KiB)  rw- at 0x1000  ->  r-- at 0x1000'. */
    text: string;
    changes: string[];
    /** The range as address-map positions (mapPosition at B's paging width), for the map. */
    lo: number;
    hi: number;
  }[];
}

/** A seek in progress, for a progress bar: from where, to where (the status has the now). */
export interface SeekProgress {
  from: number;
  target: number;
}
