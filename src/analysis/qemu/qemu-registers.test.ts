import { beforeAll, describe, expect, it } from 'vitest';
import { infoRegisters } from '../info-registers.ts';
import { captureScenario, unCrlf } from './capture-cache.ts';
import { parseQemuRegisters } from './parse-registers.ts';
import { requireQemu } from './qemu-run.ts';
import { compatMode, la48HoleMerge, legacy32, pae, pagingOff } from './scenarios.ts';

/**
 * `info registers` against QEMU 7.2: a 64-bit guest (TSS64, LDT, a null GS, an expand-down
 * ES, FS base by MSR, DR0-3, CR2, x87 and XMM state) and two 32-bit ones (a 16-bit data
 * segment, TSS32). The state is read back from QEMU's own numbers; the formatter must
 * rebuild every derived part of the text.
 */
describe('info registers against QEMU 7.2', () => {
  beforeAll(requireQemu);
  for (const s of [la48HoleMerge(), legacy32(), pae(), pagingOff(), compatMode()]) {
    it(`${s.name}: prints what QEMU prints`, { timeout: 60_000 }, async () => {
      const c = await captureScenario(s);
      const { state, extras } = parseQemuRegisters(c.infoRegisters);
      expect(infoRegisters(state, extras)).toBe(unCrlf(c.infoRegisters));
    });
  }
});
