// Read-only views over a machine state (CPU registers + physical memory). Nothing here writes
// guest memory or CPU state: walks run with side effects off, over RAM only.
export type { PagingState } from './paging-state.ts';
export { translate } from './translate.ts';
export type { TranslateOptions, Translation, TranslateStep, TranslateFault } from './translate.ts';
export { addressFields } from './address-fields.ts';
export type { AddressField } from './address-fields.ts';
export { decodeEntry, levelName } from './entry-decode.ts';
export type { DecodedEntry, LevelName } from './entry-decode.ts';
export { buildPageTree, E_LEAF, E_OUTSIDE_RAM, E_RESERVED, E_SHARED } from './page-tree.ts';
export type { PageTree, TreeOptions, TreeStats } from './page-tree.ts';
export { entryRecord, readTable, tableChildren } from './page-tree-view.ts';
export type { EntryRecord } from './page-tree-view.ts';
export { infoMem, infoMemLines } from './info-mem.ts';
export { infoTlb, infoTlbLines } from './info-tlb.ts';
export { infoRegisters } from './info-registers.ts';
export type { RegisterExtras } from './info-registers.ts';
export { addressRanges } from './ranges.ts';
export type { RangeRun, RangesResult } from './ranges.ts';
export { canonicalBigInt, canonicalHex } from './hex.ts';
export { benchAnalysis, formatAnalysisBench } from './bench-analysis.ts';
export type { AnalysisBenchResult } from './bench-analysis.ts';
