import { readPhysical } from '../core/memory/ram-layout.ts';
import { PROTOCOL_VERSION } from './protocol.ts';
import type {
  BootReply,
  CallArgs,
  CallName,
  CallResult,
  HelloReply,
  Request,
  UpdateEvent,
  WorkerMessage,
} from './protocol.ts';
import type { RangeFilter } from '../engine/range-filter.ts';
import type { TravelCall } from './time-travel-host.ts';
import type { SharedRecord } from './time-travel-protocol.ts';
import type {
  Breakpoint,
  MachineConfig,
  RunTarget,
  TableRef,
  TranslationQuery,
} from '../engine/views.ts';

/** How messages reach the engine host and come back: a Worker, or a host in this thread. */
export interface Transport {
  send(request: Request): void;
  listen(onMessage: (message: WorkerMessage) => void): void;
  close(): void;
}

type Pending = { resolve: (v: never) => void; reject: (e: Error) => void };

/** The calls panels make on demand for what they show. */
export type InspectorCall = 'memory' | 'disassemble' | 'screen' | 'addressMap' | 'descriptors';

/**
 * The engine as the page (or a test) sees it: promise-returning calls and a stream of
 * updates. The in-process and Worker clients are this class over two transports, so the
 * UI and the tests use one API.
 */
export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(u: UpdateEvent) => void>();
  /** Guest RAM shared by the worker, when the page is cross-origin isolated. */
  private sharedRam: Uint8Array | null = null;
  private closed = false;

  constructor(private readonly transport: Transport) {
    transport.listen((m) => this.receive(m));
  }

  /** Checks the protocol version; every other call fails until this succeeded. */
  async connect(): Promise<HelloReply> {
    const hello = await this.call('hello', { version: PROTOCOL_VERSION });
    if (hello.version !== PROTOCOL_VERSION)
      throw new Error(`the engine speaks protocol ${hello.version}, this page ${PROTOCOL_VERSION}`);
    return hello;
  }

  /** Boots an image; `machine` chooses RAM and command line (the default machine without). */
  async boot(
    image: Uint8Array,
    name: string,
    options: { run: boolean; machine?: MachineConfig },
  ): Promise<BootReply> {
    return this.keepRam(await this.call('boot', { image, name, ...options }));
  }

  /** Boots the image again, on the same machine or on `machine`. */
  async reset(machine?: MachineConfig): Promise<BootReply> {
    return this.keepRam(await this.call('reset', machine ? { machine } : {}));
  }

  run(): Promise<null> {
    return this.call('run', {});
  }

  pause(): Promise<null> {
    return this.call('pause', {});
  }

  /** Runs `count` instructions of guest time; resolves once the update for it has arrived. */
  step(count: number): Promise<null> {
    return this.call('step', { count });
  }

  /** Runs until the target, a breakpoint or the end; resolves at once (updates tell the rest). */
  runTo(target: RunTarget): Promise<null> {
    return this.call('runTo', { target });
  }

  setBreakpoints(breakpoints: Breakpoint[]): Promise<null> {
    return this.call('setBreakpoints', { breakpoints });
  }

  watch(
    translation: TranslationQuery | null,
    tables: TableRef[],
    rangeFilter: RangeFilter,
  ): Promise<null> {
    return this.call('watch', { translation, tables, rangeFilter });
  }

  /** One of the inspector panels' views (memory, disassembly, screen, address-space map). */
  inspect<K extends InspectorCall>(call: K, args: CallArgs<K>): Promise<CallResult<K>> {
    return this.call(call, args);
  }

  /** A time-travel or session call (time-travel-protocol.ts). */
  travel<K extends Exclude<TravelCall, 'openSession'>>(
    call: K,
    args: CallArgs<K>,
  ): Promise<CallResult<K>> {
    return this.call(call, args);
  }

  /** Boots a shared session and replays it to its position. */
  async openSession(shared: SharedRecord): Promise<BootReply> {
    return this.keepRam(await this.call('openSession', shared));
  }

  /** Guest physical memory: read in place when shared, else copied by the engine. */
  async readRam(address: number, length: number): Promise<Uint8Array> {
    const ram = this.sharedRam;
    if (ram) return readPhysical(ram, address, length);
    return this.call('readRam', { address, length });
  }

  get ramShared(): boolean {
    return this.sharedRam !== null;
  }

  onUpdate(listener: (u: UpdateEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.transport.close();
    for (const p of this.pending.values()) p.reject(new Error('the engine was closed'));
    this.pending.clear();
  }

  private keepRam(reply: BootReply): BootReply {
    if (reply.ok) this.sharedRam = reply.ram ? new Uint8Array(reply.ram) : null;
    return reply;
  }

  private call<K extends CallName>(call: K, args: CallArgs<K>): Promise<CallResult<K>> {
    if (this.closed) return Promise.reject(new Error('the engine was closed'));
    const id = this.nextId++;
    return new Promise<CallResult<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: never) => void, reject });
      this.transport.send({ type: 'request', id, call, args } as Request);
    });
  }

  private receive(m: WorkerMessage): void {
    if (m.type === 'update') {
      for (const l of this.listeners) l(m);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.result as never);
    else p.reject(new Error(m.error));
  }
}
