// Known answers for the native harness, computed by hand, so the reference side of the
// differential test is itself tested.
import { describe, expect, it } from 'vitest';
import { AF, CF, CODE_BASE, DATA_BASE, DF, OF, PF, SF, ZF } from './case.ts';
import type { Outcome } from './case.ts';
import { initialWindow } from './data-fill.ts';
import { handCase } from './hand-case.ts';
import type { HandCase } from './hand-case.ts';
import { runNative } from './native.ts';

const ARITH = CF | PF | AF | ZF | SF | OF | DF;

function run(h: HandCase): Outcome {
  return runNative([handCase(h)])[0]!;
}

/** The data window after the case ran. */
function windowAfter(h: HandCase, out: Outcome): Buffer {
  const data = initialWindow(handCase(h));
  for (const p of out.changes) data.set(p.bytes, p.offset);
  return Buffer.from(data);
}

describe('the native harness', () => {
  it('adds 0x7f and 1 in AL with the overflow, sign, adjust flags set', () => {
    const out = run({ code: [0x00, 0xd8], regs: { rax: 0x7fn, rbx: 1n } }); // add al, bl
    expect(out.vector).toBeNull();
    expect(out.gpr[0]).toBe(0x80n);
    expect(out.rflags & ARITH).toBe(OF | SF | AF);
  });

  it('clears the upper half of RAX when a 32-bit add wraps to zero', () => {
    // add eax, ebx
    const out = run({ code: [0x01, 0xd8], regs: { rax: 0xdead_0000_ffff_ffffn, rbx: 1n } });
    expect(out.gpr[0]).toBe(0n);
    expect(out.rflags & ARITH).toBe(CF | ZF | PF | AF);
  });

  it('reports a divide by zero as vector 0 at the faulting instruction, registers intact', () => {
    const regs = { rax: 10n, rcx: 0n, rdx: 0n, r15: 0x1234n };
    const out = run({ code: [0x90, 0xf7, 0xf1], regs }); // nop; div ecx
    expect(out.vector).toBe(0);
    expect(out.errorCode).toBeNull();
    expect(out.rip).toBe(BigInt(CODE_BASE + 1));
    expect(out.gpr[0]).toBe(10n);
    expect(out.gpr[15]).toBe(0x1234n);
  });

  it('reports UD2 as vector 6', () => {
    expect(run({ code: [0x0f, 0x0b] }).vector).toBe(6);
  });

  it('reports a read outside the data window as a user-mode not-present page fault', () => {
    const out = run({ code: [0x8b, 0x03], regs: { rbx: BigInt(DATA_BASE - 8) } }); // mov eax, [rbx]
    expect(out.vector).toBe(14);
    expect(out.errorCode).toBe(4);
  });

  it('copies bytes with rep movsb and leaves the registers past the copy', () => {
    const src = 0x100;
    const dst = 0x800;
    const regs = { rsi: BigInt(DATA_BASE + src), rdi: BigInt(DATA_BASE + dst), rcx: 5n };
    const bytes = Uint8Array.from([1, 2, 3, 4, 5]);
    const h = { code: [0xf3, 0xa4], regs, patches: [{ offset: src, bytes }] };
    const out = run(h);
    expect(out.gpr[1]).toBe(0n);
    expect(out.gpr[6]).toBe(BigInt(DATA_BASE + src + 5));
    expect(out.gpr[7]).toBe(BigInt(DATA_BASE + dst + 5));
    expect([...windowAfter(h, out).subarray(dst, dst + 5)]).toEqual([1, 2, 3, 4, 5]);
  });

  it('returns DF as the code left it (std), and runs the next case with DF as given', () => {
    const [set, clear] = runNative([handCase({ code: [0xfd] }), handCase({ code: [0x90] })]);
    expect(set!.rflags & DF).toBe(DF);
    expect(clear!.rflags & DF).toBe(0n);
  });

  it('pushes the flags it was given, with bit 1 and IF, onto a stack in the data window', () => {
    const rsp = BigInt(DATA_BASE + 0x1000);
    const h = { code: [0x9c], regs: { rsp }, rflags: CF | ZF | DF }; // pushfq
    const out = run(h);
    expect(out.gpr[4]).toBe(rsp - 8n);
    expect(windowAfter(h, out).readBigUInt64LE(0xff8)).toBe(CF | ZF | DF | 0x202n);
  });

  it('sees RIP-relative addresses from the code base', () => {
    const out = run({ code: [0x48, 0x8d, 0x05, 0x10, 0, 0, 0] }); // lea rax, [rip+0x10]
    expect(out.gpr[0]).toBe(BigInt(CODE_BASE + 7 + 0x10));
  });

  it('leaves every register the code does not touch as it was', () => {
    const regs = { rax: 1n, rcx: 2n, rdx: 3n, rbx: 4n, rsp: 5n, rbp: 6n, rsi: 7n, rdi: 8n };
    const out = run({ code: [0x90], regs: { ...regs, r8: 9n, r15: -1n } });
    expect(out.gpr).toEqual([
      1n,
      2n,
      3n,
      4n,
      5n,
      6n,
      7n,
      8n,
      9n,
      0n,
      0n,
      0n,
      0n,
      0n,
      0n,
      (1n << 64n) - 1n,
    ]);
  });
});
