/**
 * Where the panels go: three columns of stacked panels, each with a default relative size.
 * The user drags the gutters to resize (sizes kept by column id, and 'columns' for the
 * columns) and hides panels from the panel menu; both persist (store/shell-slice.ts), while a
 * shared link's layout is only shown until the viewer keeps it or changes it.
 */
export interface ColumnSpec {
  id: string;
  size: number;
  panels: { id: string; size: number }[];
}

export const COLUMNS: ColumnSpec[] = [
  {
    id: 'left',
    size: 1,
    panels: [
      { id: 'cr3', size: 1.4 },
      { id: 'tree', size: 1.8 },
      { id: 'map', size: 0.8 },
      { id: 'descriptors', size: 0.8 },
    ],
  },
  {
    id: 'middle',
    size: 1.12,
    panels: [
      { id: 'translation', size: 1.6 },
      { id: 'disassembly', size: 1.2 },
      { id: 'memory', size: 1 },
      { id: 'ranges', size: 1 },
    ],
  },
  {
    id: 'right',
    size: 1,
    panels: [
      { id: 'registers', size: 1.4 },
      { id: 'findings', size: 0.8 },
      { id: 'screen', size: 1 },
      { id: 'serial', size: 1 },
    ],
  },
];

/** Panel titles for the panel menu, in menu order. */
export const PANEL_TITLES: Record<string, string> = {
  cr3: 'CR3',
  tree: 'Page tables',
  map: 'Address space',
  translation: 'Translation',
  disassembly: 'Disassembly',
  memory: 'Memory',
  ranges: 'Ranges',
  registers: 'Registers',
  findings: 'Findings',
  descriptors: 'Descriptor tables',
  screen: 'Screen',
  serial: 'Serial (COM1)',
};

/** The sizes in effect: the stored ones when they still fit the spec, else the defaults. */
export function sizesFor(stored: number[] | undefined, defaults: number[]): number[] {
  return stored && stored.length === defaults.length ? stored : defaults;
}

/**
 * Moves a gutter between items `k` and `k + 1`: `delta` of `total` pixels shifts size from
 * one to the other, each keeping at least `min` of the pair's share.
 */
export function dragSizes(
  sizes: number[],
  k: number,
  delta: number,
  total: number,
  min = 0.08,
): number[] {
  const sum = sizes.reduce((a, b) => a + b, 0);
  const pair = sizes[k] + sizes[k + 1];
  const move = (delta / total) * sum;
  const a = Math.min(pair * (1 - min), Math.max(pair * min, sizes[k] + move));
  const out = [...sizes];
  out[k] = a;
  out[k + 1] = pair - a;
  return out;
}
