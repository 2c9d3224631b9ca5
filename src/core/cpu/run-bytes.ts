import { PhysicalMemory } from '../memory/physical-memory.ts';
import { createBareCpu, mapOnly, writtenFrames } from './bare-cpu.ts';
import { GP } from './fault.ts';
import type { Cpu } from './cpu.ts';
import type { GuestFault } from './fault.ts';
import { readFlags, setArithFlags } from './lazy-flags.ts';
import { FIXED_ONE, WRITABLE } from './flags.ts';

/**
 * Runs raw instruction bytes from a given register state on a bare CPU: the engine behind
 * `pagescope exec` and the differential tests against the host CPU. The code sits at
 * CODE_BASE and a data window at DATA_BASE, on the bare CPU bare-cpu.ts sets up.
 */
export const CODE_BASE = 0x100000;
export const DATA_BASE = 0x200000;
export const DATA_SIZE = 0x2000;
const RAM_SIZE = 4 << 20;
const HLT = 0xf4;

/**
 * One RAM per mode, reused by every call: tests run tens of thousands of cases, and a fresh
 * 4 MiB buffer each time would cost more than the cases. Between runs the frames the last
 * run wrote are cleared (64-bit mode reads them off the Dirty bits; 32-bit mode has no
 * paging, so it clears everything), and the code is reloaded.
 */
const rams = new Map<64 | 32, PhysicalMemory>();

function cleanRam(mode: 64 | 32): PhysicalMemory {
  let mem = rams.get(mode);
  if (!mem) {
    mem = new PhysicalMemory(RAM_SIZE);
    rams.set(mode, mem);
  } else if (mode === 64) {
    for (const frame of writtenFrames(mem)) mem.ram.fill(0, frame, frame + 4096);
  } else mem.ram.fill(0);
  return mem;
}

export interface ExecState {
  /** RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8-R15 as unsigned 64-bit values. */
  gpr: bigint[];
  rflags: bigint;
}

export interface ExecRequest {
  mode: 64 | 32;
  code: Uint8Array;
  state: ExecState;
  data?: Uint8Array;
  maxInstructions?: number;
  /** Compile every block before its first run, to test compiled code like interpreted code. */
  compile?: boolean;
  /**
   * 3 runs the bytes as a user process would: CPL 3, and (64-bit) only the code page and
   * the data window mapped, so stray accesses fault with the error codes a host process sees.
   */
  cpl?: 0 | 3;
}

export interface ExecResult {
  state: ExecState & { rip: bigint };
  data: Uint8Array;
  exception: { vector: number; errorCode: number | null; detail: string } | null;
  instructions: number;
}

/** Ring-3 segments and, in 64-bit mode, a map of just the code page(s) and the data window. */
function enterUserMode(cpu: Cpu, mode: 64 | 32, codeLength: number): void {
  const dpl3 = 3 << 13;
  for (let s = 0; s < 6; s++) {
    cpu.segAttr[s] |= dpl3;
    cpu.segSel[s] |= 3;
  }
  cpu.cpl = 3;
  cpu.updateAccessRights();
  if (mode === 64)
    mapOnly(
      cpu.mem,
      [
        [CODE_BASE, CODE_BASE + codeLength + 1],
        [DATA_BASE, DATA_BASE + DATA_SIZE],
      ],
      true,
    );
}

export function runBytes(req: ExecRequest): ExecResult {
  if (req.code.length > DATA_BASE - CODE_BASE - 1)
    throw new RangeError(`code of ${req.code.length} bytes does not fit below the data window`);
  let exception: ExecResult['exception'] = null;
  const mem = cleanRam(req.mode);
  mem.ram.fill(0, CODE_BASE, CODE_BASE + 0x1000 + req.code.length);
  const end = CODE_BASE + req.code.length;
  const cpu = createBareCpu(req.mode, mem, {
    exception(c: Cpu, f: GuestFault) {
      // At CPL 3 the terminating hlt raises #GP: that is the end of the code, not a fault.
      const terminator = f.vector === GP && c.rip[0] === end && c.rip[1] === 0;
      if (!terminator)
        exception = {
          vector: f.vector,
          errorCode: f.hasErrorCode ? f.errorCode : null,
          detail: f.detail,
        };
      c.stopRequested = true;
    },
  });
  if (req.compile) cpu.hotBlockRuns = 1;
  if (req.cpl === 3) enterUserMode(cpu, req.mode, req.code.length);
  mem.ram.set(req.code, CODE_BASE);
  mem.ram[CODE_BASE + req.code.length] = HLT;
  if (req.data) mem.ram.set(req.data.subarray(0, DATA_SIZE), DATA_BASE);

  req.state.gpr.forEach((v, n) => {
    const u = BigInt.asUintN(64, v);
    cpu.gpr[2 * n] = Number(u & 0xffffffffn) | 0;
    cpu.gpr[2 * n + 1] = req.mode === 64 ? Number(u >> 32n) | 0 : 0;
  });
  const fl = Number(BigInt.asUintN(32, req.state.rflags));
  cpu.flags = (fl & WRITABLE) | FIXED_ONE;
  setArithFlags(cpu, fl);
  cpu.rip[0] = CODE_BASE;

  const limit = req.maxInstructions ?? 1_000_000;
  let executed = 0;
  while (executed < limit && !cpu.halted && !cpu.stopRequested)
    executed += cpu.run(limit - executed);
  // The hlt after the code is the harness's, not the program's: report RIP at the end.
  const ripLo = cpu.halted && cpu.rip[0] === end + 1 && cpu.rip[1] === 0 ? end : cpu.rip[0];
  if (cpu.halted && ripLo === end) executed -= 1;

  const gpr: bigint[] = [];
  for (let n = 0; n < 16; n++)
    gpr.push((BigInt(cpu.gpr[2 * n + 1] >>> 0) << 32n) | BigInt(cpu.gpr[2 * n] >>> 0));
  return {
    state: {
      gpr,
      rflags: BigInt(readFlags(cpu) >>> 0),
      rip: (BigInt(cpu.rip[1] >>> 0) << 32n) | BigInt(ripLo >>> 0),
    },
    data: mem.ram.slice(DATA_BASE, DATA_BASE + DATA_SIZE),
    exception,
    instructions: executed,
  };
}
