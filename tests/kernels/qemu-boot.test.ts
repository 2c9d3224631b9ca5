// Every kernel, booted under QEMU (TCG) as qemu-media.ts says, prints its expected serial
// output and ends as the catalog says.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { bootAndCheck } from './boot.ts';
import { KERNELS } from './catalog.ts';
import type { End } from './catalog.ts';
import { QemuBootMedia } from './qemu-media.ts';

function describeEnd(end: End): string {
  if (end.kind === 'triple-fault') return `dies in a triple fault (${end.chain.join(', ')})`;
  return end.code === 0 ? 'exits with 0' : `exits with 0x${end.code.toString(16)}`;
}

const booted = KERNELS.filter((k) => k.protocol !== 'iso');

describe('the guest kernels under QEMU', () => {
  const media = new QemuBootMedia();
  beforeAll(() => media.prepare(), 120_000);
  afterAll(() => media.dispose());

  it.each(booted.map((k) => [k.name, describeEnd(k.end), k] as const))(
    '%s prints its expected lines and %s',
    async (_name, _end, k) => {
      await bootAndCheck(k, media.args(k));
    },
  );
});
