import { EAGER } from '../core/cpu/lazy-flags.ts';
import { GPR_NAMES } from '../core/cpu/registers.ts';
import { CC_OP } from '../core/cpu/state.ts';
import type { CpuState } from '../core/cpu/state.ts';
import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { bootError } from './errors.ts';
import type { BootError } from './errors.ts';
import type { BootPlan } from './plan.ts';

/** The parts of the CPU state a boot loader sets; a CpuState (or a Cpu) is one. */
export type BootCpuState = Pick<
  CpuState,
  | 'gpr'
  | 'rip'
  | 'flags'
  | 'cc'
  | 'segSel'
  | 'segBaseLo'
  | 'segBaseHi'
  | 'segLimit'
  | 'segAttr'
  | 'gdtr'
  | 'idtr'
  | 'cr0'
  | 'cr3'
  | 'cr4'
  | 'efer'
  | 'cpl'
  | 'mode'
>;

function lo(v: bigint): number {
  return Number(BigInt.asUintN(32, v)) | 0;
}

function hi(v: bigint): number {
  return Number(BigInt.asUintN(32, v >> 32n)) | 0;
}

/**
 * Puts a planned boot into guest RAM and a CPU state. The caller owns what lies outside:
 * the MSRs in plan.msrs (Limine's PAT), A20, and telling the CPU its mode and rights
 * changed (Cpu.updateMode, updateAccessRights, a TLB flush) when the state is a live Cpu.
 */
export function applyBoot(
  plan: BootPlan,
  mem: PhysicalMemory,
  state: BootCpuState,
): { ok: true } | { ok: false; error: BootError } {
  if (mem.size !== plan.ramSize) {
    return {
      ok: false,
      error: bootError(
        'BOOT_BAD_OPTIONS',
        `the plan is for ${plan.ramSize} bytes of RAM, the machine has ${mem.size}`,
      ),
    };
  }
  const outside = [
    ...plan.zeros.map((z) => [z.address, z.length]),
    ...plan.writes.map((w) => [w.address, w.bytes.length]),
  ].find(([a, n]) => a < 0 || !inOnePieceOfRam(mem, a, n));
  if (outside)
    return {
      ok: false,
      error: bootError('BOOT_INTERNAL', `the plan writes outside RAM at ${outside[0]}`),
    };
  for (const z of plan.zeros) {
    const at = mem.offsetOf(z.address);
    mem.ram.fill(0, at, at + z.length);
  }
  for (const w of plan.writes) mem.ram.set(w.bytes, mem.offsetOf(w.address));

  const c = plan.cpu;
  GPR_NAMES.forEach((name, i) => {
    const v = c.gprs[name] ?? 0n;
    state.gpr[2 * i] = lo(v);
    state.gpr[2 * i + 1] = hi(v);
  });
  state.rip[0] = lo(c.rip);
  state.rip[1] = hi(c.rip);
  // With the lazy-flag operation EAGER, flags holds RFLAGS as it is.
  state.flags = c.rflags;
  state.cc.fill(0);
  state.cc[CC_OP] = EAGER;
  c.segments.forEach((s, i) => {
    state.segSel[i] = s.selector;
    state.segBaseLo[i] = lo(s.base);
    state.segBaseHi[i] = hi(s.base);
    state.segLimit[i] = s.limit | 0;
    state.segAttr[i] = s.attr;
  });
  state.gdtr[0] = lo(c.gdtr.base);
  state.gdtr[1] = hi(c.gdtr.base);
  state.gdtr[2] = c.gdtr.limit;
  state.idtr[0] = lo(c.idtr.base);
  state.idtr[1] = hi(c.idtr.base);
  state.idtr[2] = c.idtr.limit;
  state.cr0 = c.cr0 | 0;
  state.cr3[0] = lo(c.cr3);
  state.cr3[1] = hi(c.cr3);
  state.cr4 = c.cr4;
  state.efer = c.efer;
  state.cpl = 0;
  state.mode = c.mode;
  return { ok: true };
}

/** Whether [address, address + length) is RAM on one side of the PCI hole (memory-map.ts). */
function inOnePieceOfRam(mem: PhysicalMemory, address: number, length: number): boolean {
  const at = mem.offsetOf(address);
  return at >= 0 && (length === 0 || mem.offsetOf(address + length - 1) === at + length - 1);
}
