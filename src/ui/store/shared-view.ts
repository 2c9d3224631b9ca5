import type { StopCondition, TranslationQuery } from '../../engine/views.ts';
import type { JsonValue, SharedViewState } from '../../share/shared-session.ts';
import { PANEL_TITLES } from '../app/layout.ts';
import type { AppState } from './types.ts';

/**
 * The page's view state as a share link carries it, and back. The link format keeps a
 * selected address and address breakpoints as hex; what else the page restores (the query as
 * typed, the translation's access and CPL, breakpoints on events or symbols, the timeline's
 * marks) travels in panelState, which the reader checks here field by field.
 */

const HEX = /^0x[0-9a-f]{1,16}$/;

function isRecord(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isHex = (s: string) => HEX.test(s);

function conditionJson(c: StopCondition): JsonValue {
  if (c.kind === 'address') return { kind: c.kind, address: c.address };
  if (c.kind === 'exception') return { kind: c.kind, vector: c.vector };
  return { kind: c.kind };
}

function conditionOf(v: JsonValue): StopCondition | null {
  if (!isRecord(v)) return null;
  if (v.kind === 'cr3-write' || v.kind === 'table-write') return { kind: v.kind };
  if (v.kind === 'address' && typeof v.address === 'string')
    return { kind: 'address', address: v.address };
  if (v.kind === 'exception' && (v.vector === null || Number.isInteger(v.vector)))
    return { kind: 'exception', vector: v.vector as number | null };
  return null;
}

export function sharedViewOf(s: AppState): SharedViewState {
  const va = s.views?.translation?.va.toLowerCase() ?? '';
  const hexBreakpoints = s.breakpoints.flatMap((b) =>
    b.kind === 'address' && isHex(b.address.toLowerCase()) ? [b.address.toLowerCase()] : [],
  );
  const otherBreakpoints = s.breakpoints.filter(
    (b) => !(b.kind === 'address' && isHex(b.address.toLowerCase())),
  );
  return {
    selectedAddress: isHex(va) ? va : null,
    openPanels: Object.keys(PANEL_TITLES).filter((id) => !s.hidden[id]),
    breakpoints: hexBreakpoints,
    panelState: {
      translation: { address: s.query.address, access: s.query.access, cpl: s.query.cpl },
      debug: { breakpoints: otherBreakpoints.map(conditionJson) },
      timeline: { a: s.marks.a, b: s.marks.b },
    },
  };
}

/** The translation query a view asks for; null when it names none. */
export function queryOf(view: SharedViewState): TranslationQuery | null {
  const t = view.panelState.translation;
  const typed = isRecord(t) && typeof t.address === 'string' ? t.address : null;
  const address = typed ?? view.selectedAddress;
  if (address === null) return null;
  const access =
    isRecord(t) && (t.access === 'read' || t.access === 'write' || t.access === 'fetch')
      ? t.access
      : 'read';
  const cpl = isRecord(t) && t.cpl === 3 ? 3 : 0;
  return { address, access, cpl };
}

/** The breakpoints a view names, in order: the hex addresses, then the others. */
export function breakpointsOf(view: SharedViewState): StopCondition[] {
  const debug = view.panelState.debug;
  const others = isRecord(debug) && Array.isArray(debug.breakpoints) ? debug.breakpoints : [];
  return [
    ...view.breakpoints.map((address): StopCondition => ({ kind: 'address', address })),
    ...others.flatMap((c) => conditionOf(c) ?? []),
  ];
}

export function marksOf(view: SharedViewState): { a: number | null; b: number | null } {
  const t = view.panelState.timeline;
  const mark = (v: JsonValue | undefined) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null;
  return isRecord(t) ? { a: mark(t.a), b: mark(t.b) } : { a: null, b: null };
}
