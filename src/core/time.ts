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

/**
 * A clock of a whole number of hertz, converted to and from guest time without rounding
 * error. ticksAt() and instructionAtTick() above multiply first, which stops being exact
 * once now * hz passes 2^53 (for the PIT, after about 75 s of guest time); here hz / rate is
 * kept as a reduced fraction num / den and the count split into whole multiples of den (or
 * num) and a remainder, so no intermediate value exceeds num * den. Construct one per clock
 * (it is allocation-free afterwards) so device handlers can use it on their hot paths.
 */
export class ClockRate {
  readonly num: number;
  readonly den: number;

  constructor(readonly hz: number) {
    if (!Number.isInteger(hz) || hz <= 0) throw new RangeError(`clock rate ${hz} Hz`);
    let a = hz;
    let b = GUEST_INSTRUCTIONS_PER_SECOND;
    while (b !== 0) [a, b] = [b, a % b];
    this.num = hz / a;
    this.den = GUEST_INSTRUCTIONS_PER_SECOND / a;
    if (this.num * this.den > Number.MAX_SAFE_INTEGER) throw new RangeError(`clock rate ${hz} Hz`);
  }

  /** Ticks elapsed at guest instruction count `now`: floor(now * hz / rate). */
  ticksAt(now: number): number {
    const q = Math.floor(now / this.den);
    return q * this.num + Math.floor(((now - q * this.den) * this.num) / this.den);
  }

  /** The first instruction count at which `ticks` ticks have elapsed. */
  instructionAtTick(ticks: number): number {
    const q = Math.floor(ticks / this.num);
    return q * this.den + Math.ceil(((ticks - q * this.num) * this.den) / this.num);
  }
}
