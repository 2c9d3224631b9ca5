// Every guest kernel boots in pagescope the way it boots under QEMU: the same serial output
// (the expected files hold what QEMU prints, corrected to the CPU where QEMU's TCG departs
// from it) and the same end. Triple faults must also show the same fault chain, and every
// run must stop at the same instruction count each time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedSerial, KERNELS, qemuStatus } from './catalog.ts';
import type { GuestKernel } from './catalog.ts';
import { runInPagescope } from './pagescope-run.ts';
import { PUBLIC_KERNELS } from './paths.ts';
import { serialMismatch } from './serial-match.ts';

function boot(k: GuestKernel) {
  return runInPagescope(readFileSync(join(PUBLIC_KERNELS, k.image)), { imageName: k.image });
}

describe('the guest kernels in pagescope', () => {
  for (const k of KERNELS) {
    it(`${k.name} prints what it prints under QEMU and ends the same way`, () => {
      const run = boot(k);
      expect(serialMismatch(expectedSerial(k.name), run.serial)).toBeUndefined();
      if (k.end.kind === 'exit') {
        expect(run.result.reason).toBe('exit');
        expect(run.result.event).toEqual({ kind: 'exit', status: qemuStatus(k.end.code) });
      } else {
        expect(run.result.reason).toBe('triple-fault');
        const names = run.shutdown!.chain.map((l) => l.name);
        expect([...names, 'triple fault']).toEqual(k.end.chain);
      }
      // Deterministic: a second run stops at the same instruction with the same output.
      const again = boot(k);
      expect(again.at).toBe(run.at);
      expect(again.serial).toBe(run.serial);
    });
  }
});
