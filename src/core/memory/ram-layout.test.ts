import { describe, expect, it } from 'vitest';
import { ABOVE_4G_BASE, BELOW_4G_WHEN_SPLIT, readPhysical } from './ram-layout.ts';

describe('readPhysical', () => {
  it('copies RAM from 0 and reads all ones past its end', () => {
    const ram = new Uint8Array(0x2000).map((_, k) => k & 0xff);
    expect([...readPhysical(ram, 0x1ffe, 4)]).toEqual([0xfe, 0xff, 0xff, 0xff]);
    expect([...readPhysical(ram, 0x10, 2)]).toEqual([0x10, 0x11]);
  });

  it('follows the split of 3.5 GiB and more: the PCI hole reads all ones, RAM resumes at 4 GiB', () => {
    const ram = new Uint8Array(0xe0000000);
    ram[BELOW_4G_WHEN_SPLIT - 1] = 0x11;
    ram[BELOW_4G_WHEN_SPLIT] = 0x22; // the first byte above 4 GiB
    expect([...readPhysical(ram, BELOW_4G_WHEN_SPLIT - 1, 2)]).toEqual([0x11, 0xff]);
    expect([...readPhysical(ram, ABOVE_4G_BASE - 1, 2)]).toEqual([0xff, 0x22]);
  });
});
