/** Host milliseconds one machine.run call should take: short enough to stop in time. */
const CHUNK_MS = 2;
const MIN_CHUNK = 1_000;
const MAX_CHUNK = 20_000_000;
/**
 * The panels' refresh period while the guest runs: checked after each ~8 ms slice, so 90 ms
 * keeps them at ten times a second or more.
 */
const VIEWS_MS = 90;

/**
 * Paces a running machine on the host clock: sizes run() budgets so each takes about
 * CHUNK_MS whatever the guest does (a halted guest skips idle time fast, a busy one does
 * not), says when a status and a full views update are due, and measures MIPS. Host time
 * decides only when the host looks; the guest never sees it, so runs stay deterministic.
 */
export class RunPacer {
  chunk = 50_000;
  private lastStatus = 0;
  private lastViews = 0;
  /** How long building the views took last time: they are rebuilt at most 10% of the time. */
  private viewsCost = 10;
  private mipsAt = 0;
  private mipsRetired = 0;

  constructor(private readonly now: () => number) {}

  reset(retired: number): void {
    const t = this.now();
    this.lastStatus = t;
    this.lastViews = t;
    this.mipsAt = t;
    this.mipsRetired = retired;
  }

  /** Adapts the chunk after run(budget) took `ms`. */
  ran(budget: number, ms: number): void {
    if (budget < this.chunk) return; // a step's short remainder says nothing about speed
    const next = ms < 0.1 ? this.chunk * 4 : (this.chunk * CHUNK_MS) / ms;
    this.chunk = Math.round(Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, next)));
  }

  statusDue(everyMs: number): boolean {
    const t = this.now();
    if (t - this.lastStatus < everyMs) return false;
    this.lastStatus = t;
    return true;
  }

  /**
   * Full views (registers, ranges, tree) ten times a second, unless building them takes more
   * than 10% of the time: then as often as that allows, so the guest keeps 90% of its speed.
   */
  viewsDue(): boolean {
    const t = this.now();
    if (t - this.lastViews < Math.max(VIEWS_MS, this.viewsCost * 10)) return false;
    this.lastViews = t;
    return true;
  }

  viewsTook(ms: number): void {
    this.viewsCost = ms;
  }

  /** Instructions retired per host microsecond since the previous call. */
  mips(retired: number): number | null {
    const t = this.now();
    const dt = t - this.mipsAt;
    if (dt <= 0) return null;
    const v = (retired - this.mipsRetired) / (dt * 1000);
    this.mipsAt = t;
    this.mipsRetired = retired;
    return v;
  }
}
