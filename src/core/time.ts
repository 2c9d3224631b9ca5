/**
 * Guest time. Every clock a guest can read (TSC, PIT, LAPIC timer, RTC, ACPI PM timer)
 * derives from the CPU's instruction count, so a run is identical however the host slices
 * it. The nominal rate fixes how instructions convert to seconds: about what the engine
 * runs at, so a guest's sense of time stays close to the wall clock.
 */
export const GUEST_INSTRUCTIONS_PER_SECOND = 100_000_000;

/** Instructions that pass in `seconds` of guest time. */
export function instructionsFor(seconds: number): number {
  return Math.round(seconds * GUEST_INSTRUCTIONS_PER_SECOND);
}

/** Ticks of a clock of `hz` elapsed at guest instruction count `now` (floor). */
export function ticksAt(now: number, hz: number): number {
  return Math.floor((now * hz) / GUEST_INSTRUCTIONS_PER_SECOND);
}

/** The first instruction count at which a clock of `hz` has ticked `ticks` times. */
export function instructionAtTick(ticks: number, hz: number): number {
  return Math.ceil((ticks * GUEST_INSTRUCTIONS_PER_SECOND) / hz);
}
