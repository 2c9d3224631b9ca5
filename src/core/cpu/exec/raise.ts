import type { Cpu } from '../cpu.ts';
import { hasErrorCode } from '../fault.ts';

/** Raises a guest exception from a handler. `errorCode` is pushed for vectors that have one. */
export function raise(c: Cpu, vector: number, errorCode = 0, detail = ''): never {
  const f = c.fault;
  f.vector = vector;
  f.errorCode = errorCode;
  f.hasErrorCode = hasErrorCode(vector);
  f.detail = detail;
  throw f;
}
