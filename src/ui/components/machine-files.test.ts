import { describe, expect, it } from 'vitest';
import { diskImageProblem, readMachineFile } from './machine-files.ts';

const fileOf = (name: string, size: number) => new File([new Uint8Array(size).fill(7)], name);

describe('machine files picked in the Machine menu', () => {
  it('takes_a_disk_image_of_whole_sectors_with_its_name_and_bytes', async () => {
    const read = await readMachineFile(fileOf('fs.img', 1024), 'disk');
    expect(read.ok && read.file.name).toBe('fs.img');
    expect(read.ok && read.file.bytes).toEqual(new Uint8Array(1024).fill(7));
  });

  it('refuses_a_disk_image_of_a_partial_sector_saying_why', async () => {
    const read = await readMachineFile(fileOf('kernel.elf', 1000), 'disk');
    expect(!read.ok && read.problem).toMatch(/^kernel\.elf is 1000 bytes, not a whole number/);
  });

  it('refuses_an_empty_disk_image', () => {
    expect(diskImageProblem('empty.img', 0)).toMatch(/empty\.img is empty/);
    expect(diskImageProblem('ok.img', 512)).toBeNull();
  });

  it('takes_a_module_of_any_size_even_empty', async () => {
    const odd = await readMachineFile(fileOf('initrd.cpio', 1000), 'module');
    expect(odd.ok && odd.file.bytes.length).toBe(1000);
    const empty = await readMachineFile(fileOf('empty', 0), 'module');
    expect(empty.ok && empty.file.bytes.length).toBe(0);
  });
});
