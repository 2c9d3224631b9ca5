import type { Cpu } from '../cpu.ts';
import { cpuidLeaf } from '../cpu-model.ts';
import { RAX, RBX, RCX, RDX } from '../registers.ts';
import { setReg } from './operands.ts';

/** The four result registers; one buffer for every CPU, as handlers never interleave. */
const out = new Int32Array(4);

/** 0F A2: cpuid. EAX = leaf, ECX = subleaf; the answer comes from the model (cpu-model.ts)
 * and CR4 (OSPKE). */
export function cpuid(c: Cpu): void {
  const g = c.gpr;
  cpuidLeaf(g[RAX << 1], g[RCX << 1], out, c.cr4);
  setReg(g, RAX, 4, out[0]);
  setReg(g, RBX, 4, out[1]);
  setReg(g, RCX, 4, out[2]);
  setReg(g, RDX, 4, out[3]);
}
