import type { MachineFile } from '../../engine/views.ts';
import { MAX_FILE } from './file-boot.ts';

/** An ATA disk is read and written in 512-byte sectors. */
const SECTOR = 512;

export type MachineFileKind = 'module' | 'disk';

export type MachineFileRead = { ok: true; file: MachineFile } | { ok: false; problem: string };

/**
 * Why a file cannot be the machine's disk image, in words, or null. The disk would read a
 * partial last sector as zero-padded, but an image of no whole sectors is almost always the
 * wrong file (a kernel, a text file), so the menu says so rather than boot it.
 */
export function diskImageProblem(name: string, size: number): string | null {
  if (size === 0) return `${name} is empty: a disk image holds at least one 512-byte sector.`;
  if (size % SECTOR !== 0) {
    return (
      `${name} is ${size} bytes, not a whole number of 512-byte sectors, so it is not a disk ` +
      `image. Pick the image your build makes, or pad it (truncate -s %512 ${name}).`
    );
  }
  return null;
}

/** Reads a module or disk image the user picked; says in words why one cannot be used. */
export async function readMachineFile(file: File, kind: MachineFileKind): Promise<MachineFileRead> {
  if (file.size > MAX_FILE) {
    const mib = Math.round(file.size / (1 << 20));
    return {
      ok: false,
      problem: `${file.name} is ${mib} MiB; pagescope takes files up to 512 MiB.`,
    };
  }
  const problem = kind === 'disk' ? diskImageProblem(file.name, file.size) : null;
  if (problem) return { ok: false, problem };
  try {
    return { ok: true, file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, problem: `${file.name} could not be read: ${why}` };
  }
}
