import { describe, expect, it } from 'vitest';
import { DF, FIXED_ONE } from '../core/cpu/flags.ts';
import { K_ADD, setCc, SZ32 } from '../core/cpu/lazy-flags.ts';
import { CpuState } from '../core/cpu/state.ts';
import { infoRegisters } from './info-registers.ts';

/** Sets a 64-bit value as an int32 pair. */
function put(a: Int32Array, i: number, v: bigint) {
  a[i] = Number(v & 0xffffffffn) | 0;
  a[i + 1] = Number(v >> 32n) | 0;
}

function seg(s: CpuState, i: number, sel: number, base: bigint, limit: number, attr: number) {
  s.segSel[i] = sel;
  s.segBaseLo[i] = Number(base & 0xffffffffn) | 0;
  s.segBaseHi[i] = Number(base >> 32n) | 0;
  s.segLimit[i] = limit | 0;
  s.segAttr[i] = attr;
}

describe('info registers', () => {
  it('prints a 64-bit state as QEMU 7.2 does, lazy flags included', () => {
    const s = new CpuState();
    for (let i = 0; i < 16; i++) put(s.gpr, 2 * i, 0x0101010101010101n * BigInt(i));
    put(s.rip, 0, 0xffffffff80001234n);
    // add eax(0x7fffffff), 1 left lazily: OF SF AF PF; DF set directly.
    s.flags = FIXED_ONE | DF;
    setCc(s, (K_ADD << 2) | SZ32, 0x7fffffff, 1, 0x80000000 | 0);
    seg(s, 1, 0x08, 0n, 0xffffffff, 0x00af9b00);
    seg(s, 2, 0x10, 0n, 0xffffffff, 0x00cf9300);
    seg(s, 3, 0x10, 0n, 0xffffffff, 0x00cf9300);
    seg(s, 4, 0, 0x7f0000001000n, 0, 0);
    seg(s, 6, 0, 0n, 0xffff, 0x00008200);
    seg(s, 7, 0x28, 0xffff800000005000n, 0x67, 0x00008b00);
    put(s.gdtr, 0, 0xffff800000004000n);
    s.gdtr[2] = 0x37;
    s.idtr[2] = 0xfff;
    s.cr0 = 0x80050033 | 0;
    put(s.cr2, 0, 0xdeadbeefn);
    put(s.cr3, 0, 0x1000n);
    s.cr4 = 0x6a0;
    s.efer = 0xd01;
    s.cpl = 0;
    s.mode = 64;
    expect(infoRegisters(s, { halted: true })).toBe(
      [
        '',
        'CPU#0',
        'RAX=0000000000000000 RBX=0303030303030303 RCX=0101010101010101 RDX=0202020202020202',
        'RSI=0606060606060606 RDI=0707070707070707 RBP=0505050505050505 RSP=0404040404040404',
        'R8 =0808080808080808 R9 =0909090909090909 R10=0a0a0a0a0a0a0a0a R11=0b0b0b0b0b0b0b0b',
        'R12=0c0c0c0c0c0c0c0c R13=0d0d0d0d0d0d0d0d R14=0e0e0e0e0e0e0e0e R15=0f0f0f0f0f0f0f0f',
        'RIP=ffffffff80001234 RFL=00000c96 [DOS-AP-] CPL=0 II=0 A20=1 SMM=0 HLT=1',
        'ES =0000 0000000000000000 00000000 00000000',
        'CS =0008 0000000000000000 ffffffff 00af9b00 DPL=0 CS64 [-RA]',
        'SS =0010 0000000000000000 ffffffff 00cf9300 DPL=0 DS   [-WA]',
        'DS =0010 0000000000000000 ffffffff 00cf9300 DPL=0 DS   [-WA]',
        'FS =0000 00007f0000001000 00000000 00000000',
        'GS =0000 0000000000000000 00000000 00000000',
        'LDT=0000 0000000000000000 0000ffff 00008200 DPL=0 LDT',
        'TR =0028 ffff800000005000 00000067 00008b00 DPL=0 TSS64-busy',
        'GDT=     ffff800000004000 00000037',
        'IDT=     0000000000000000 00000fff',
        'CR0=80050033 CR2=00000000deadbeef CR3=0000000000001000 CR4=000006a0',
        'DR0=0000000000000000 DR1=0000000000000000 DR2=0000000000000000 DR3=0000000000000000 ',
        'DR6=00000000ffff0ff0 DR7=0000000000000400',
        'EFER=0000000000000d01',
        'FCW=037f FSW=0000 [ST=0] FTW=00 MXCSR=00001f80',
        'FPR0=0000000000000000 0000 FPR1=0000000000000000 0000',
        'FPR2=0000000000000000 0000 FPR3=0000000000000000 0000',
        'FPR4=0000000000000000 0000 FPR5=0000000000000000 0000',
        'FPR6=0000000000000000 0000 FPR7=0000000000000000 0000',
        ...Array.from(
          { length: 8 },
          (_, i) =>
            `XMM${String(2 * i).padStart(2, '0')}=0000000000000000 0000000000000000 ` +
            `XMM${String(2 * i + 1).padStart(2, '0')}=0000000000000000 0000000000000000`,
        ),
        '',
      ].join('\n'),
    );
  });

  it('prints real mode without DPL or type, in the 32-bit layout', () => {
    const s = new CpuState(); // CR0 = 0x60000010: PE clear
    seg(s, 1, 0xf000, 0xffff0000n, 0xffff, 0x9b00);
    const text = infoRegisters(s);
    expect(text).toContain('\nEAX=00000000 EBX=00000000 ECX=00000000 EDX=00000000\n');
    expect(text).toContain('\nCS =f000 ffff0000 0000ffff 00009b00\n');
    expect(text).toContain('\nGDT=     00000000 00000000\n');
    expect(text).toContain('\nCR0=60000010 CR2=00000000 CR3=00000000 CR4=00000000\n');
    expect(text).toContain('XMM06=0000000000000000 0000000000000000 XMM07=');
    expect(text).not.toContain('XMM08');
  });

  it('names the physical x87 registers from TOP, and shows ST and the tag word', () => {
    const s = new CpuState();
    s.fsw = 6 << 11;
    s.ftw = 0xc0;
    s.x87regs.set([0, 0, 0, 0, 0, 0, 0, 0x80, 0xff, 0x3f], 16); // ST(1) = 1.0
    const text = infoRegisters(s);
    expect(text).toContain('FCW=037f FSW=3000 [ST=6] FTW=c0 MXCSR=00001f80');
    expect(text).toContain('FPR7=8000000000000000 3fff\n');
  });

  it('shows CR4.PKE in CR4 and, as QEMU (x86_cpu_dump_state has no PKRU), no PKRU line', () => {
    const s = new CpuState();
    s.cr4 = 0x00400020;
    s.pkru = 0x55555554;
    const text = infoRegisters(s);
    expect(text).toContain(' CR4=00400020\n');
    expect(text).not.toMatch(/PKRU|55555554/);
  });
});
