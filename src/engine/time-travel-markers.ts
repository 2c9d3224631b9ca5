import type { WatchEvent } from '../core/watch/events.ts';
import type { PagingWatch } from '../core/watch/paging-watch.ts';
import { hexShort } from './format.ts';
import type { RunBackTarget, TimelineMarker, TimelineMarkerKind } from './time-travel-views.ts';

/** Markers kept per kind: enough to draw; the rest are counted. */
const MAX_PER_KIND = 2000;

/** The watch events each run-back target stops at. */
export const RUN_BACK_EVENTS: Record<RunBackTarget, (e: WatchEvent) => boolean> = {
  'cr3-write': (e) => e.kind === 'control' && e.reg === 'cr3',
  'table-write': (e) => e.kind === 'table-write',
  exception: (e) => e.kind === 'exception',
};

function markerOf(e: WatchEvent): TimelineMarker | null {
  if (e.kind === 'control' && e.reg === 'cr3')
    return { kind: 'cr3-write', at: e.at, label: `CR3 <- ${hexShort(e.after.cr3)}` };
  if (e.kind === 'table-write')
    return {
      kind: 'table-write',
      at: e.at,
      label: `page-table write at ${hexShort(e.entryAddress)}: ${hexShort(e.before)} -> ${hexShort(e.after)}`,
    };
  if (e.kind === 'exception')
    return {
      kind: 'exception',
      at: e.at,
      label: `${e.name}${e.cr2 === null ? '' : `, CR2 ${hexShort(e.cr2)}`}${e.duringDelivery ? ' (while delivering another)' : ''}`,
    };
  return null;
}

/**
 * The CR3 writes, page-table writes and exceptions of the run, from the paging watch, with
 * their instruction counts; each once: events of time re-run after time travel (`isNew`
 * says which are not) are left out.
 */
export class TimelineMarkers {
  private readonly list: TimelineMarker[] = [];
  private readonly omitted: Record<TimelineMarkerKind, number> = {
    'cr3-write': 0,
    'table-write': 0,
    exception: 0,
    finding: 0,
  };
  private readonly kept: Record<TimelineMarkerKind, number> = { ...this.omitted };

  constructor(watch: PagingWatch, isNew: (at: number) => boolean) {
    watch.listen((e) => {
      const m = isNew(e.at) ? markerOf(e) : null;
      if (m !== null) this.add(m);
    });
  }

  /** Forgets what happened after `at`: new input there began another future. */
  dropAfter(at: number): void {
    let n = 0;
    for (const m of this.list) {
      if (m.at <= at) this.list[n++] = m;
      else this.kept[m.kind]--;
    }
    this.list.length = n;
  }

  markers(): TimelineMarker[] {
    return this.list.slice();
  }

  omittedCounts(): Record<TimelineMarkerKind, number> {
    return { ...this.omitted };
  }

  private add(m: TimelineMarker): void {
    if (this.kept[m.kind] >= MAX_PER_KIND) {
      this.omitted[m.kind]++;
      return;
    }
    this.kept[m.kind]++;
    this.list.push(m);
  }
}
