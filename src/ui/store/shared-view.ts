import type { Breakpoint, StopCondition, TranslationQuery } from '../../engine/views.ts';
import type { JsonValue, SharedViewState } from '../../share/shared-session.ts';
import { PANEL_TITLES } from '../app/layout.ts';
import { readSizes } from './shell-slice.ts';
import type { LayoutPrefs } from './shell-slice.ts';
import type { AppState } from './types.ts';

/**
 * The page's view state as a share link carries it, and back. The link format keeps a
 * selected address and (enabled) address breakpoints as hex; what else the page restores (the
 * query as typed, the translation's access and CPL, other breakpoints: on events, on symbols,
 * disabled ones; the timeline's marks, the panel sizes) travels in panelState, which the
 * reader checks here field by field. The link's layout is shown, not saved as the viewer's
 * (shell-slice.ts); the theme stays the viewer's and is not in the link at all.
 */

const HEX = /^0x[0-9a-f]{1,16}$/;

function isRecord(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isHex = (s: string) => HEX.test(s);

/** A breakpoint the link can carry, without the page's id. */
export type SharedBreakpoint = StopCondition & { enabled: boolean };

function breakpointJson(b: Breakpoint): JsonValue {
  const enabled = b.enabled;
  if (b.kind === 'address') return { kind: b.kind, address: b.address, enabled };
  if (b.kind === 'exception') return { kind: b.kind, vector: b.vector, enabled };
  return { kind: b.kind, enabled };
}

function conditionOf(v: { [key: string]: JsonValue }): StopCondition | null {
  if (v.kind === 'cr3-write' || v.kind === 'table-write') return { kind: v.kind };
  if (v.kind === 'address' && typeof v.address === 'string')
    return { kind: 'address', address: v.address };
  if (v.kind === 'exception' && (v.vector === null || Number.isInteger(v.vector)))
    return { kind: 'exception', vector: v.vector as number | null };
  return null;
}

function breakpointOf(v: JsonValue): SharedBreakpoint | null {
  if (!isRecord(v)) return null;
  const c = conditionOf(v);
  return c && { ...c, enabled: v.enabled !== false };
}

/** Breakpoints that go in the link's own list: enabled, at a hex address. */
const plain = (b: Breakpoint) =>
  b.enabled && b.kind === 'address' && isHex(b.address.toLowerCase());

export function sharedViewOf(s: AppState): SharedViewState {
  const va = s.views?.translation?.va.toLowerCase() ?? '';
  const hexBreakpoints = s.breakpoints.flatMap((b) =>
    plain(b) && b.kind === 'address' ? [b.address.toLowerCase()] : [],
  );
  const otherBreakpoints = s.breakpoints.filter((b) => !plain(b));
  return {
    selectedAddress: isHex(va) ? va : null,
    openPanels: Object.keys(PANEL_TITLES).filter((id) => !s.hidden[id]),
    breakpoints: hexBreakpoints,
    panelState: {
      translation: { address: s.query.address, access: s.query.access, cpl: s.query.cpl },
      debug: { breakpoints: otherBreakpoints.map(breakpointJson) },
      timeline: { a: s.marks.a, b: s.marks.b },
      layout: { sizes: s.sizes },
    },
  };
}

/**
 * The layout a view shows: the panels it opens (every other one hidden) and its sizes. What
 * it does not say (no panels named, or no sizes: links made before sizes travelled) is taken
 * from `current`.
 */
export function layoutOf(view: SharedViewState, current: LayoutPrefs): LayoutPrefs {
  const open = new Set(view.openPanels);
  const hidden =
    open.size === 0
      ? current.hidden
      : Object.fromEntries(
          Object.keys(PANEL_TITLES)
            .filter((id) => !open.has(id))
            .map((id) => [id, true as const]),
        );
  const layout = view.panelState.layout;
  const sizes =
    isRecord(layout) && isRecord(layout.sizes) ? readSizes(layout.sizes) : current.sizes;
  return { hidden, sizes };
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
export function breakpointsOf(view: SharedViewState): SharedBreakpoint[] {
  const debug = view.panelState.debug;
  const others = isRecord(debug) && Array.isArray(debug.breakpoints) ? debug.breakpoints : [];
  return [
    ...view.breakpoints.map((address): SharedBreakpoint => ({
      kind: 'address',
      address,
      enabled: true,
    })),
    ...others.flatMap((c) => breakpointOf(c) ?? []),
  ];
}

export function marksOf(view: SharedViewState): { a: number | null; b: number | null } {
  const t = view.panelState.timeline;
  const mark = (v: JsonValue | undefined) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null;
  return isRecord(t) ? { a: mark(t.a), b: mark(t.b) } : { a: null, b: null };
}
