import type { GuestFault } from '../fault.ts';
import { PF_VEC, VECTOR_NAMES } from '../fault.ts';
import { EXTERNAL, SOFTWARE } from './events.ts';

/** One event in the chain that ended in a triple fault, oldest first. */
export interface FaultLink {
  vector: number;
  /** '#PF', 'NMI', 'IRQ 0x20' ... */
  name: string;
  /** The error code the event would push, or null when it pushes none. */
  errorCode: number | null;
  /** The RIP the event's frame saves. */
  rip: bigint;
  /** CR2 for a page fault, else null. */
  cr2: bigint | null;
  /** Why the event happened. */
  cause: string;
  /** Why delivering it failed, e.g. 'stack 0x...ffe8: not mapped (#PF)'. */
  failure: string;
}

/** Why the machine stopped: the whole chain from the first event to the shutdown. */
export interface ShutdownRecord {
  kind: 'triple-fault';
  chain: FaultLink[];
  /** One line for people: the vectors, then why the last delivery failed. */
  summary: string;
}

/** What delivery was doing when it failed; the address or selector of that step. */
export const STAGE_IDT = 1;
export const STAGE_CODE = 2;
export const STAGE_TSS = 3;
export const STAGE_STACK = 4;
export const STAGE_IVT = 5;

const MAX_LINKS = 8;
/** A link's numbers: the event (vector, kind, error code, has-error, RIP, CR2), then why its
 * delivery failed (stage, its address, the fault as vector << 24 | error code). */
const V = 0;
const KIND = 1;
const ERR = 2;
const HAS_ERR = 3;
const RIP = 4;
const CR2 = 6;
const STAGE = 8;
const AT = 9;
const FAULT = 11;
const STRIDE = 12;

/**
 * The events of one delivery attempt and why each failed, kept in preallocated arrays so
 * delivery allocates nothing; turned into a ShutdownRecord only on a triple fault.
 */
export class FaultChain {
  count = 0;
  /** The step delivery is at, set as it goes, read when it fails. */
  stage = 0;
  stageLo = 0;
  stageHi = 0;
  private readonly nums = new Int32Array(MAX_LINKS * STRIDE);
  private readonly causes: string[] = new Array<string>(MAX_LINKS).fill('');
  private readonly details: string[] = new Array<string>(MAX_LINKS).fill('');

  at(stage: number, lo: number, hi: number): void {
    this.stage = stage;
    this.stageLo = lo;
    this.stageHi = hi;
  }

  /** Records an event about to be delivered. */
  add(
    v: number,
    kind: number,
    err: number,
    hasErr: boolean,
    rip: Int32Array,
    cr2: Int32Array,
    cause: string,
  ) {
    if (this.count === MAX_LINKS) throw new Error('event delivery looped: fault chain overflow');
    const n = this.nums;
    const k = this.count * STRIDE;
    n[k + V] = v;
    n[k + KIND] = kind;
    n[k + ERR] = err;
    n[k + HAS_ERR] = hasErr ? 1 : 0;
    n[k + RIP] = rip[0];
    n[k + RIP + 1] = rip[1];
    n[k + CR2] = cr2[0];
    n[k + CR2 + 1] = cr2[1];
    this.stage = 0;
    this.causes[this.count++] = cause;
  }

  /** Records why the last event's delivery failed: the fault, and the step it hit. */
  failed(f: GuestFault): void {
    const k = (this.count - 1) * STRIDE;
    const n = this.nums;
    n[k + STAGE] = this.stage;
    n[k + AT] = this.stageLo;
    n[k + AT + 1] = this.stageHi;
    n[k + FAULT] = (f.vector << 24) | (f.errorCode & 0xffffff);
    this.details[this.count - 1] = f.detail;
  }

  record(): ShutdownRecord {
    const chain: FaultLink[] = [];
    for (let i = 0; i < this.count; i++) chain.push(this.link(i));
    const names = chain.map((l) => l.name).join(' -> ');
    const last = chain[chain.length - 1];
    return {
      kind: 'triple-fault',
      chain,
      summary: `triple fault: ${names} -> shutdown; ${last.failure}`,
    };
  }

  private link(i: number): FaultLink {
    const n = this.nums;
    const k = i * STRIDE;
    const vector = n[k + V];
    const kind = n[k + KIND];
    const isPf = vector === PF_VEC && kind !== EXTERNAL;
    let cause = this.causes[i];
    // A double fault has no detail of its own: it is the previous link's failure.
    if (cause === '' && i > 0) {
      const p = k - STRIDE;
      cause = `${VECTOR_NAMES[n[p + FAULT] >>> 24]} while delivering ${eventName(n[p + V], n[p + KIND])}`;
    }
    return {
      vector,
      name: eventName(vector, kind),
      errorCode: n[k + HAS_ERR] !== 0 ? n[k + ERR] >>> 0 : null,
      rip: pair(n[k + RIP], n[k + RIP + 1]),
      cr2: isPf ? pair(n[k + CR2], n[k + CR2 + 1]) : null,
      cause,
      failure: failureText(
        n[k + STAGE],
        n[k + AT],
        n[k + AT + 1],
        vector,
        n[k + FAULT],
        this.details[i],
      ),
    };
  }
}

function pair(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

function hex64(lo: number, hi: number): string {
  return pair(lo, hi).toString(16).padStart(16, '0');
}

export function eventName(vector: number, kind: number): string {
  if (kind === EXTERNAL) return vector === 2 ? 'NMI' : `IRQ vector 0x${vector.toString(16)}`;
  if (kind === SOFTWARE) return `int 0x${vector.toString(16)}`;
  return VECTOR_NAMES[vector] ?? `exception ${vector}`;
}

function failureText(
  stage: number,
  lo: number,
  hi: number,
  vector: number,
  fault: number,
  detail: string,
) {
  const fv = fault >>> 24;
  const err = fault & 0xffffff;
  if (fv !== PF_VEC) return `${VECTOR_NAMES[fv] ?? fv}(0x${err.toString(16)}): ${detail}`;
  const what =
    (err & 1) === 0
      ? 'not mapped'
      : (err & 8) !== 0
        ? 'reserved bit set in a paging entry'
        : 'access not allowed';
  switch (stage) {
    case STAGE_IDT:
      return `IDT entry ${vector} at 0x${hex64(lo, hi)}: ${what} (#PF)`;
    case STAGE_IVT:
      return `IVT entry ${vector} at 0x${hex64(lo, hi)}: ${what} (#PF)`;
    case STAGE_CODE:
      return `GDT/LDT entry of code selector 0x${lo.toString(16)}: ${what} (#PF)`;
    case STAGE_TSS:
      return `TSS stack pointer at 0x${hex64(lo, hi)}: ${what} (#PF)`;
    default:
      return `stack 0x${hex64(lo, hi)}: ${what} (#PF)`;
  }
}
