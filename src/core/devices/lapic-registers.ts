import type { LocalApic } from './lapic.ts';

/** Version 0x14 (an integrated xAPIC, as QEMU reports) with LVT entries 0-5. */
export const LAPIC_VERSION = 0x14 | (5 << 16);
/** ESR bit 7: a register that does not exist was accessed. */
const ESR_ILLEGAL_REGISTER = 1 << 7;

/**
 * The local APIC's register file (SDM Vol. 3, table 11-1), by index: the offset from the
 * APIC base divided by 16. Reads and writes of registers that do not exist (the CMCI LVT
 * among them: this APIC has six LVT entries) set "illegal register address" in ESR.
 */
export function readRegister(a: LocalApic, index: number, now: number): number {
  if (index >= 0x10 && index < 0x18) return a.isr[index - 0x10];
  if (index >= 0x18 && index < 0x20) return a.tmr[index - 0x18];
  if (index >= 0x20 && index < 0x28) return a.irr[index - 0x20];
  if (index >= 0x32 && index < 0x38) return a.lvt[index - 0x32];
  switch (index) {
    case 0x02:
      return a.id << 24;
    case 0x03:
      return LAPIC_VERSION;
    case 0x08:
      return a.tprValue();
    case 0x0a:
      return a.ppr();
    case 0x09: // arbitration priority: nothing to arbitrate with
    case 0x0b: // EOI is write-only
    case 0x0c: // remote read: not supported
      return 0;
    case 0x0d:
      return a.ldr;
    case 0x0e:
      return a.dfr;
    case 0x0f:
      return a.svr;
    case 0x28:
      return a.esr;
    case 0x30:
      return a.icrLo;
    case 0x31:
      return a.icrHi;
    case 0x38:
      return a.timer.initial;
    case 0x39:
      return a.timer.current(now);
    case 0x3e:
      return a.timer.divideConfig;
  }
  a.error(ESR_ILLEGAL_REGISTER);
  return 0;
}

export function writeRegister(a: LocalApic, index: number, v: number, now: number): void {
  if (index >= 0x32 && index < 0x38) return a.writeLvt(index - 0x32, v);
  // ISR, TMR, IRR are read-only.
  if (index >= 0x10 && index < 0x28) return;
  switch (index) {
    case 0x02:
      a.id = v >>> 24;
      return;
    case 0x08:
      return a.setTpr(v);
    case 0x0b:
      return a.eoi();
    case 0x0d:
      a.ldr = v & 0xff000000;
      return;
    case 0x0e:
      a.dfr = v | 0x0fffffff;
      return;
    case 0x0f:
      return a.writeSvr(v);
    case 0x28:
      // A write makes the errors seen since the last one readable (SDM 11.5.3).
      a.esr = a.esrPending;
      a.esrPending = 0;
      return;
    case 0x30:
      // Delivery status (bit 12) reads 0: a message goes out at once.
      a.icrLo = v & 0xccfff;
      return a.sendIpi();
    case 0x31:
      a.icrHi = v & 0xff000000;
      return;
    case 0x38:
      return a.timer.writeInitial(v, now);
    case 0x3e:
      return a.timer.writeDivide(v, now);
    case 0x03: // version, APR, PPR, remote read, current count: read-only
    case 0x09:
    case 0x0a:
    case 0x0c:
    case 0x39:
      return;
  }
  a.error(ESR_ILLEGAL_REGISTER);
}
