import { describe, expect, it } from 'vitest';
import { PUBLIC_KERNELS } from '../../../tests/kernels/paths.ts';
import { BUNDLED_KERNELS, DEMO_KERNEL, galleryOf } from './bundled-kernels.ts';
import { listKernels } from './manifest-plugin.ts';

describe('the bundled kernel gallery', () => {
  it('offers_every_kernel_image_in_public_kernels', () => {
    expect(BUNDLED_KERNELS.map((k) => k.file).sort()).toEqual(listKernels(PUBLIC_KERNELS));
  });

  it('includes_the_demo_the_app_opens_with_first', () => {
    expect(BUNDLED_KERNELS[0]?.file).toBe(DEMO_KERNEL);
  });

  it('offers_an_undescribed_file_by_name_after_the_described_ones', () => {
    const g = galleryOf(['zzz.elf', 'demo-limine.elf']);
    expect(g.map((k) => k.file)).toEqual(['demo-limine.elf', 'zzz.elf']);
    expect(g[1].shows).toBe('');
  });
});
