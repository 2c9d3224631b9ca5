import { guestAsm, guestLinkerScript } from './guest-asm.ts';
import { buildGuest, captureQemu } from './qemu-run.ts';
import type { QemuCapture } from './qemu-run.ts';
import type { Scenario } from './scenarios.ts';

const captures = new Map<string, Promise<QemuCapture>>();

/** Boots a scenario's kernel in QEMU once per test file and shares the capture. */
export function captureScenario(s: Scenario): Promise<QemuCapture> {
  let c = captures.get(s.name);
  if (!c) {
    const b = s.builder;
    const tables = b.mem.ram.slice(b.base, b.end);
    const kernel = buildGuest(guestAsm(s.spec), guestLinkerScript(s.spec.tableBase), tables);
    c = captureQemu(kernel, { cpu: s.cpu });
    captures.set(s.name, c);
  }
  return c;
}

/** QEMU's monitor turns '\n' into "\r\n" on the way out; the formatters print '\n'. */
export function unCrlf(s: string): string {
  return s.replace(/\r\n/g, '\n');
}
