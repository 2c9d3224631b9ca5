import { describe, expect, it } from 'vitest';
import { addressTokens } from './register-addresses.ts';

const links = (line: string) =>
  addressTokens(line.split(/(\s+)/)).flatMap((a) => (a ? [`${a.prefix}${a.address}`] : []));

describe('addresses in info registers', () => {
  it('links_general_registers_rip_cr2_and_debug_address_registers_not_cr3_or_flags', () => {
    expect(links('RAX=0000000000000001 RBX=ffffffff80001000 RCX=0000000000000020')).toEqual([
      'RAX=0000000000000001',
      'RBX=ffffffff80001000',
      'RCX=0000000000000020',
    ]);
    expect(links('RIP=ffffffff80000744 RFL=00000046 [---Z-P-] CPL=0 II=0 A20=1 SMM=0')).toEqual([
      'RIP=ffffffff80000744',
    ]);
    expect(links('CR0=80010011 CR2=00000000deadb000 CR3=0000000000100000 CR4=00000020')).toEqual([
      'CR2=00000000deadb000',
    ]);
    expect(links('DR0=0000000000001000 DR1=0 DR6=00000000ffff0ff0 DR7=0000000000000400')).toEqual([
      'DR0=0000000000001000',
    ]);
    expect(links('EAX=00000001 EIP=00100010 EFL=00000002')).toEqual([
      'EAX=00000001',
      'EIP=00100010',
    ]);
  });

  it('links_the_base_of_segment_and_table_lines_only', () => {
    expect(links('CS =0008 0000000000000000 ffffffff 00af9b00 DPL=0 CS64 [-RA]')).toEqual([
      '0000000000000000',
    ]);
    expect(links('TR =0018 ffffffff800092a8 00000067 00008b00 DPL=0 TSS64-busy')).toEqual([
      'ffffffff800092a8',
    ]);
    expect(links('GDT=     ffffffff80009280 00000027')).toEqual(['ffffffff80009280']);
    expect(links('ES =0010 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]')).toEqual(['00000000']);
    expect(links('FCW=037f FSW=0000 [ST=0] FTW=00 MXCSR=00001f80')).toEqual([]);
  });
});
