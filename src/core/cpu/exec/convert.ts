import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';

/** RDX's low dword in c.gpr. */
const RDX_LO = 4;

/** 98: cbw (AX = AL), cwde (EAX = AX), cdqe (RAX = EAX), each sign-extended. No flags. */
export function widenAcc(c: Cpu, i: Insn): void {
  const g = c.gpr;
  if (i.osize === 8) g[1] = g[0] >> 31;
  else if (i.osize === 4) {
    g[0] = (g[0] << 16) >> 16;
    g[1] = 0;
  } else g[0] = (g[0] & ~0xffff) | (((g[0] << 24) >> 24) & 0xffff);
}

/** 99: cwd (DX), cdq (EDX), cqo (RDX) = copies of rAX's sign bit. No flags. */
export function signToDx(c: Cpu, i: Insn): void {
  const g = c.gpr;
  if (i.osize === 8) g[RDX_LO] = g[RDX_LO + 1] = g[1] >> 31;
  else if (i.osize === 4) {
    g[RDX_LO] = g[0] >> 31;
    g[RDX_LO + 1] = 0;
  } else g[RDX_LO] = (g[RDX_LO] & ~0xffff) | (((g[0] << 16) >> 31) & 0xffff);
}
