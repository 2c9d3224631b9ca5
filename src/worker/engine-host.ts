import { DEFAULT_ENGINE_RAM } from '../engine/index.ts';
import { createRecordedEngine } from '../engine/recorded-engine.ts';
import type { SeekProgress } from '../engine/time-travel-views.ts';
import { NO_FILTER } from '../engine/range-filter.ts';
import type { RangeFilter } from '../engine/range-filter.ts';
import type {
  Breakpoint,
  MachineConfig,
  PauseInfo,
  RunTarget,
  SessionEngine,
  StopCondition,
  TableRef,
  TranslationQuery,
} from '../engine/index.ts';
import { PROTOCOL_VERSION } from './protocol.ts';
import type { BootReply, CallName, CallResult, Request, WorkerMessage } from './protocol.ts';
import { RunPacer } from './run-pacer.ts';
import { inspector } from '../engine/inspector.ts';
import { isTravelRequest, TimeTravelDesk } from './time-travel-host.ts';
import { PostedTables } from './table-delta.ts';

/** What the host needs from where it lives (a worker, or the page for the in-process client). */
export interface HostEnvironment {
  post(message: WorkerMessage): void;
  /** Host time in ms (performance.now), for slicing and MIPS only: never seen by the guest. */
  now(): number;
  /** Calls `fn` soon, after pending messages have been handled. */
  schedule(fn: () => void): void;
  /** Whether guest RAM can live in a SharedArrayBuffer the page reads. */
  isolated: boolean;
}

/** The longest a run slice keeps the thread from its messages. */
const SLICE_MS = 8;
/** Status at least ten times a second while running. */
const STATUS_MS = 80;

/**
 * Owns the engine on the worker side of the protocol: answers requests, runs the machine in
 * ~8 ms slices between messages, and posts updates. Transport-free, so the in-process client
 * runs exactly this code too.
 */
export class EngineHost {
  private engine: SessionEngine | null = null;
  private image: { bytes: Uint8Array; name: string } | null = null;
  private connected = false;
  private running = false;
  private scheduled = false;
  /** Guest time to stop at for a step, and the request waiting for it. */
  private stepUntil = -1;
  private stepReply = -1;
  /** Why the machine pauses when it reaches stepUntil. */
  private untilWhy: PauseInfo | null = null;
  /** Kept across boots: a breakpoint on `kmain` holds for the next kernel too. */
  private breakpoints: Breakpoint[] = [];
  private epoch = 0;
  private translation: TranslationQuery | null = null;
  private tables: TableRef[] = [];
  private rangeFilter: RangeFilter = NO_FILTER;
  /** The tables the page holds, as last posted (table-delta.ts). */
  private readonly posted = new PostedTables();
  private readonly pacer: RunPacer;

  private readonly travel: TimeTravelDesk;

  constructor(private readonly env: HostEnvironment) {
    this.pacer = new RunPacer(env.now);
    this.travel = new TimeTravelDesk({
      engine: () => this.need(),
      running: () => this.running,
      halt: () => {
        this.endStep();
        this.setRunning(false);
      },
      resume: () => this.start(null),
      update: (withViews, seeking) => this.postUpdate(withViews, seeking),
      reply: (id, result) => this.reply(id, result),
      fail: (id, error) => this.env.post({ type: 'response', id, ok: false, error }),
      schedule: env.schedule,
      now: env.now,
      machineHost: (ramSize) => this.machineHost(ramSize),
      adopt: (engine, image, name, ram) => this.adopt(engine, image, name, false, ram),
    });
  }

  handle(req: Request): void {
    try {
      if (req.call !== 'hello' && !this.connected)
        throw new Error('the page must say hello (and agree on the protocol version) first');
      const result = this.dispatch(req);
      if (result !== undefined) this.reply(req.id, result);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.env.post({ type: 'response', id: req.id, ok: false, error });
    }
  }

  /** Runs a request; `undefined` means the reply comes later (a step still running). */
  private dispatch(req: Request): CallResult<CallName> | undefined {
    if (isTravelRequest(req)) return this.travel.handle(req);
    switch (req.call) {
      case 'hello':
        if (req.args.version !== PROTOCOL_VERSION)
          throw new Error(
            `protocol version mismatch: the page speaks ${req.args.version}, the engine ${PROTOCOL_VERSION}; reload the page`,
          );
        this.connected = true;
        return { version: PROTOCOL_VERSION, isolated: this.env.isolated };
      case 'boot':
        return this.boot(req.args.image, req.args.name, req.args.run, req.args.machine);
      case 'reset': {
        if (!this.image) throw new Error('nothing has been booted yet');
        // The same machine again (RAM, command line, modules and disks, a shared session's
        // included) unless the page chose another.
        const machine = req.args.machine ?? this.need().machineConfig();
        return this.boot(this.image.bytes, this.image.name, false, machine);
      }
      case 'run':
        this.start(null);
        return null;
      case 'pause':
        this.endStep();
        this.engine?.runTo(null);
        this.setRunning(false);
        this.engine?.notePause({ reason: 'pause', message: 'Paused.', breakpoint: null });
        this.postUpdate(true);
        return null;
      case 'descriptors':
        return this.need().descriptors();
      case 'runTo':
        this.runTo(req.args.target);
        return null;
      case 'setBreakpoints':
        this.breakpoints = req.args.breakpoints;
        this.engine?.setBreakpoints(this.breakpoints);
        if (!this.running) this.postUpdate(true);
        return null;
      case 'step': {
        const e = this.need();
        const count = Math.max(1, Math.floor(req.args.count));
        this.start({
          until: e.status('paused').guestTime + count,
          why: {
            reason: 'step',
            message: `Stepped ${count} instruction${count === 1 ? '' : 's'}.`,
            breakpoint: null,
          },
        });
        this.stepReply = req.id;
        // A machine that has ended cannot step: answer now, with the status saying why.
        if (!this.running) {
          this.postUpdate(true);
          this.endStep();
        }
        return undefined;
      }
      case 'watch':
        this.translation = req.args.translation;
        this.rangeFilter = req.args.rangeFilter;
        this.tables = req.args.tables;
        if (!this.running) this.postUpdate(true);
        return null;
      case 'readRam':
        return this.need().readRam(req.args.address, req.args.length);
      case 'memory':
        return inspector.memory(this.need(), req.args);
      case 'disassemble':
        return inspector.disassemble(this.need(), req.args);
      case 'screen':
        return inspector.screen(this.need(), req.args.full);
      case 'addressMap':
        return inspector.addressMap(this.need());
    }
  }

  private boot(
    bytes: Uint8Array,
    name: string,
    run: boolean,
    machine: MachineConfig = { ramSize: DEFAULT_ENGINE_RAM, cmdline: '' },
  ): BootReply {
    const { host, ram } = this.machineHost(machine.ramSize);
    // Recorded: the run can be replayed, travelled in and shared (engine/time-travel.ts).
    const r = createRecordedEngine({ name, bytes }, machine, host);
    if (!r.ok) return { ok: false, error: r.error };
    return this.adopt(r.engine, bytes, name, run, ram);
  }

  /** Guest RAM in a SharedArrayBuffer when the page can share it, and the screen. */
  private machineHost(ramSize: number) {
    const ram = this.env.isolated ? new SharedArrayBuffer(ramSize) : null;
    // The screen panel shows a framebuffer to kernels that ask for one.
    return { host: { ramBuffer: ram ?? undefined, framebuffer: true }, ram };
  }

  /** Makes a booted engine the session. */
  private adopt(
    engine: SessionEngine,
    bytes: Uint8Array,
    name: string,
    run: boolean,
    ram: SharedArrayBuffer | null,
  ): BootReply {
    this.endStep();
    this.setRunning(false);
    this.engine = engine;
    engine.setBreakpoints(this.breakpoints);
    if (!run)
      engine.notePause({
        reason: 'boot',
        message: 'Paused at the entry point.',
        breakpoint: null,
      });
    this.image = { bytes, name };
    this.epoch++;
    this.posted.reset();
    this.tables = [];
    this.pacer.reset(0);
    this.postUpdate(true);
    if (run) this.setRunning(true);
    return { ok: true, info: engine.bootInfo(), epoch: this.epoch, ram };
  }

  private need(): SessionEngine {
    if (!this.engine) throw new Error('no kernel is booted');
    return this.engine;
  }

  private reply(id: number, result: CallResult<CallName>): void {
    this.env.post({ type: 'response', id, ok: true, result });
  }

  /** Answers a step in progress (it ends when reached, paused, or the machine ends). */
  private endStep(): void {
    if (this.stepReply >= 0) this.reply(this.stepReply, null);
    this.stepReply = -1;
    this.stepUntil = -1;
    this.untilWhy = null;
  }

  /**
   * Starts a run the user asked for, from a pause: the instruction at RIP runs even when a
   * breakpoint is on it. `until`: the guest time to pause at (a step, run to instruction N).
   */
  private start(
    until: { until: number; why: PauseInfo } | null,
    target: StopCondition | null = null,
  ): void {
    const e = this.need();
    this.endStep();
    // Throws on a target whose address does not parse: nothing has started then.
    e.runTo(target);
    e.resume();
    if (until) {
      this.stepUntil = until.until;
      this.untilWhy = until.why;
    }
    this.setRunning(true);
  }

  private runTo(target: RunTarget): void {
    const e = this.need();
    if (target.kind !== 'instruction') {
      this.start(null, target);
      return;
    }
    const now = e.status('paused').guestTime;
    if (!(target.count > now))
      throw new Error(`instruction ${target.count} is not ahead: the machine is at ${now}`);
    const message = `Reached instruction ${target.count}.`;
    this.start({ until: target.count, why: { reason: 'run-to', message, breakpoint: null } });
  }

  private setRunning(on: boolean): void {
    const e = this.engine;
    this.running = on && e !== null && e.stop === null;
    if (this.running && e) this.pacer.reset(e.status('running').retired);
    if (this.running && !this.scheduled) {
      this.scheduled = true;
      this.env.schedule(this.slice);
    }
  }

  /** One slice: run for up to SLICE_MS, then give the thread back to messages. */
  private readonly slice = (): void => {
    this.scheduled = false;
    const e = this.engine;
    if (!this.running || !e) return;
    const start = this.env.now();
    let ended: boolean;
    let reached: boolean;
    do {
      let budget = this.pacer.chunk;
      if (this.stepUntil >= 0)
        budget = Math.min(budget, this.stepUntil - e.status('running').guestTime);
      const t0 = this.env.now();
      ended = e.run(budget) !== null;
      this.pacer.ran(budget, this.env.now() - t0);
      reached = this.stepUntil >= 0 && e.status('running').guestTime >= this.stepUntil;
      // A breakpoint or a "run to" target stopped it: the engine says which.
      if (e.breakHit) reached = true;
      else if (reached && this.untilWhy) e.notePause(this.untilWhy);
    } while (!ended && !reached && this.env.now() - start < SLICE_MS);
    if (ended || reached) {
      this.running = false;
      this.postUpdate(true);
      this.endStep();
      return;
    }
    // Views when due (they carry the status too), else the status alone when it is due.
    const views = this.pacer.viewsDue();
    if (views || this.pacer.statusDue(STATUS_MS)) this.postUpdate(views);
    this.scheduled = true;
    this.env.schedule(this.slice);
  };

  private postUpdate(withViews: boolean, seeking: SeekProgress | null = null): void {
    const e = this.engine;
    if (!e) return;
    const status = e.status(this.running ? 'running' : 'paused');
    const t0 = this.env.now();
    let views = null;
    let notice: string | null = null;
    try {
      views = withViews ? e.views(this.translation, this.tables, this.rangeFilter) : null;
    } catch (err) {
      // An analysis bug must not take the status and serial output down with it.
      notice = `pagescope could not build the panels' views: ${err instanceof Error ? err.message : String(err)}. This is a bug; please report it.`;
    }
    if (withViews) this.pacer.viewsTook(this.env.now() - t0);
    const packed = views && this.posted.pack(views);
    this.env.post({
      type: 'update',
      epoch: this.epoch,
      status,
      mips: this.running ? this.pacer.mips(status.retired) : null,
      serial: e.serial.take(),
      views: packed?.views ?? null,
      keptTables: packed?.kept ?? [],
      notice,
      seeking,
    });
  }
}
