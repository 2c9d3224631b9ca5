// The pitfall detectors, one a file, and what runs them. Every detector reads the machine
// and the watch's events and changes nothing.
import { cr3Switch } from './cr3-switch.ts';
import { cr3Value } from './cr3-value.ts';
import type { Detector } from './detector.ts';
import { hugePageAlignment } from './huge-page-alignment.ts';
import { nullPage } from './null-page.ts';
import { nxWithoutNxe } from './nx-without-nxe.ts';
import { pagingEnable } from './paging-enable.ts';
import { reservedBitsDetector } from './reserved-bits.ts';
import { staleTlb } from './stale-tlb.ts';
import { tableAddress } from './table-address.ts';
import { tripleFault } from './triple-fault.ts';
import { userKernelPages } from './user-kernel-pages.ts';
import { writableExecutable } from './writable-executable.ts';

/** Every detector; each event goes to them in this order. */
export const DETECTORS: readonly Detector[] = [
  cr3Value,
  pagingEnable,
  cr3Switch,
  tableAddress,
  nxWithoutNxe,
  hugePageAlignment,
  reservedBitsDetector,
  staleTlb,
  tripleFault,
  userKernelPages,
  writableExecutable,
  nullPage,
];

export { PitfallMonitor } from './monitor.ts';
export type { MonitorOptions } from './monitor.ts';
export type { Detector } from './detector.ts';
export type { Finding, Severity, Where } from './finding.ts';
