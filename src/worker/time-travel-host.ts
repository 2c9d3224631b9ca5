import type { SessionEngine } from '../engine/session-engine.ts';
import { openSharedEngine } from '../engine/recorded-engine.ts';
import type { HostMachineOptions } from '../engine/recorded-engine.ts';
import type { SeekProgress } from '../engine/time-travel-views.ts';
import type { TimeTravel } from '../engine/time-travel.ts';
import type { BootReply, CallResult, Request } from './protocol.ts';
import type { TimeTravelCalls } from './time-travel-protocol.ts';

/** What the time-travel desk needs of the engine host (engine-host.ts gives it). */
export interface TravelPort {
  engine(): SessionEngine;
  running(): boolean;
  /** Ends a run or step in progress. */
  halt(): void;
  /** Starts running (after input woke a guest that waited for it). */
  resume(): void;
  update(withViews: boolean, seeking: SeekProgress | null): void;
  reply(id: number, result: CallResult<TravelCall>): void;
  fail(id: number, error: string): void;
  schedule(fn: () => void): void;
  now(): number;
  /** RAM for a machine of `ramSize` bytes, shared with the page when it can be. */
  machineHost(ramSize: number): { host: HostMachineOptions; ram: SharedArrayBuffer | null };
  /** Makes a new engine the session (paused), as a boot does. */
  adopt(
    engine: SessionEngine,
    image: Uint8Array,
    name: string,
    ram: SharedArrayBuffer | null,
  ): BootReply;
}

export type TravelCall = keyof TimeTravelCalls;
type TravelRequest = Extract<Request, { call: TravelCall }>;

const TRAVEL_CALLS: ReadonlySet<string> = new Set<TravelCall>([
  'seek',
  'stepBack',
  'runBack',
  'sendSerial',
  'sendKey',
  'sessionRecord',
  'openSession',
  'diffSpaces',
]);

export function isTravelRequest(req: Request): req is TravelRequest {
  return TRAVEL_CALLS.has(req.call);
}

/** Instructions one piece of a seek replays: a few milliseconds. */
const SEEK_PIECE = 100_000;
/** The longest a seek keeps the thread from its messages, as a run slice. */
const SLICE_MS = 8;
const STATUS_MS = 80;

const WORDS = {
  'cr3-write': 'CR3 write',
  'table-write': 'page-table write',
  exception: 'exception',
};

interface SeekJob {
  id: number;
  target: number;
  from: number;
  /** What the request gets once there. */
  result: () => CallResult<TravelCall>;
  lastStatus: number;
}

/**
 * The engine host's time-travel calls. Seeks run in pieces between messages, like runs,
 * with progress in the status updates; the rest are quick and answer at once.
 */
export class TimeTravelDesk {
  private job: SeekJob | null = null;

  constructor(private readonly port: TravelPort) {}

  /** Runs a request; `undefined` means the reply comes later. */
  handle(req: TravelRequest): CallResult<TravelCall> | undefined {
    const port = this.port;
    switch (req.call) {
      case 'seek':
        this.seek(req.id, req.args.target, () => null);
        return undefined;
      case 'stepBack': {
        const e = this.stopped();
        travel(e).stepBack();
        e.travelled({ reason: 'step', message: 'Stepped back one instruction.', breakpoint: null });
        port.update(true, null);
        return null;
      }
      case 'runBack': {
        const e = this.stopped();
        const at = travel(e).runBack(req.args.to);
        const what = WORDS[req.args.to];
        const message =
          at === null
            ? `No ${what} before this instruction: stayed here.`
            : `Went back to just before the ${what} at instruction ${at}.`;
        e.travelled({ reason: 'step', message, breakpoint: null });
        port.update(true, null);
        return { at };
      }
      case 'sendSerial':
        return this.input(() => {
          travel(port.engine()).sendSerial(req.args.bytes);
          return null;
        });
      case 'sendKey':
        return this.input(() => travel(port.engine()).sendKey(req.args.code, req.args.down));
      case 'sessionRecord':
        travel(port.engine())
          .record(req.args.view)
          .then(
            (r) => port.reply(req.id, r),
            (err: unknown) => port.fail(req.id, String(err)),
          );
        return undefined;
      case 'openSession':
        void this.open(req.id, req.args);
        return undefined;
      case 'diffSpaces': {
        const e = this.stopped();
        return travel(e).diff(req.args.a, req.args.b);
      }
    }
  }

  /** The engine, no longer running: time travel moves a paused machine. */
  private stopped(): SessionEngine {
    const e = this.port.engine();
    this.port.halt();
    this.cancel();
    return e;
  }

  private seek(id: number, target: number, result: () => CallResult<TravelCall>): void {
    const e = this.stopped();
    const from = e.status('paused').guestTime;
    this.job = { id, target, from, result, lastStatus: this.port.now() };
    // Said at once, so the page shows the seek however soon it ends.
    this.port.update(false, { from, target });
    this.port.schedule(this.slice);
  }

  private async open(id: number, shared: TimeTravelCalls['openSession']['args']): Promise<void> {
    const port = this.port;
    try {
      const { host, ram } = port.machineHost(shared.record.machine.ramSize);
      const r = await openSharedEngine(shared.record, shared.files, host);
      if (!r.ok) return port.reply(id, { ok: false, error: r.error });
      const reply = port.adopt(r.engine, shared.files.image, shared.record.image.name, ram);
      this.seek(id, shared.record.position, () => reply);
    } catch (e) {
      port.fail(id, e instanceof Error ? e.message : String(e));
    }
  }

  /** Answers a seek that another command interrupted. */
  private cancel(): void {
    const job = this.job;
    this.job = null;
    if (job) this.port.reply(job.id, job.result());
  }

  private readonly slice = (): void => {
    const job = this.job;
    if (job === null) return;
    const port = this.port;
    // A run or step started meanwhile takes over: the seek ends where it got to.
    if (port.running()) return this.cancel();
    const e = port.engine();
    const start = port.now();
    let done: boolean;
    do done = travel(e).seekPiece(job.target, SEEK_PIECE);
    while (!done && port.now() - start < SLICE_MS);
    if (done) {
      this.job = null;
      const message = `At instruction ${e.status('paused').guestTime}.`;
      e.travelled({ reason: 'pause', message, breakpoint: null });
      port.update(true, null);
      port.reply(job.id, job.result());
      return;
    }
    if (port.now() - job.lastStatus >= STATUS_MS) {
      job.lastStatus = port.now();
      port.update(false, { from: job.from, target: job.target });
    }
    port.schedule(this.slice);
  };

  /** Delivers guest input; a guest halted until input arrived goes on, since it may wake it. */
  private input<T>(deliver: () => T): T {
    const e = this.port.engine();
    const waiting = e.stop?.reason === 'halted-forever';
    const result = deliver();
    if (waiting) {
      e.travelled();
      if (e.stop === null) this.port.resume();
    }
    return result;
  }
}

function travel(e: SessionEngine): TimeTravel {
  const t = e.timeTravel;
  if (t === null) throw new Error('this engine does not record its run');
  return t;
}
