import { describe, expect, it } from 'vitest';
import { bootMachine } from '../engine/boot-machine.ts';
import { decodeShareLink, encodeShare } from '../share/index.ts';
import { mediaEchoKernel } from './media-echo-guest.ts';
import {
  bootOptionsOf,
  createSessionRecord,
  filesByHash,
  filesFromHashes,
  machineOf,
  verifySessionFiles,
} from './record.ts';
import type { SessionFiles, SessionRecord, SessionSetup } from './record.ts';

const text = (s: string) => new TextEncoder().encode(s);

function sector(s: string): Uint8Array {
  const bytes = new Uint8Array(512);
  bytes.set(text(s));
  return bytes;
}

const VIEW = { selectedAddress: null, openPanels: [], breakpoints: [], panelState: {} };

const SETUP: SessionSetup = {
  image: { name: 'media-echo.elf', bytes: mediaEchoKernel() },
  ramSize: 32 << 20,
  cmdline: 'console=ttyS0',
  modules: [
    { name: 'first.txt', bytes: text('first module'), cmdline: 'one' },
    { name: 'second.txt', bytes: text('second module'), cmdline: '' },
  ],
  disk: { name: 'hda.img', bytes: sector('master disk\n') },
  diskSlave: { name: 'hdb.img', bytes: sector('slave disk\n') },
};

/** The serial output of the machine a record and its files build, run to its exit. */
function serialOf(record: SessionRecord, files: SessionFiles): string {
  const booted = bootMachine(files.image, bootOptionsOf(record, files));
  if (!booted.ok) throw new Error(booted.error.message);
  let out = '';
  booted.machine.onEvent((e) => {
    if (e.kind === 'serial') out += String.fromCharCode(e.byte);
  });
  expect(booted.machine.run(10_000_000).reason).toBe('exit');
  return out;
}

describe('a session record with modules and disks', () => {
  it('names_every_file_by_hash_and_boots_the_machine_with_them', async () => {
    const { record, files } = await createSessionRecord(SETUP, VIEW);
    expect(record.machine.modules.map((m) => [m.name, m.size, m.cmdline])).toEqual([
      ['first.txt', 12, 'one'],
      ['second.txt', 13, ''],
    ]);
    expect(record.machine.disk).toMatchObject({ name: 'hda.img', size: 512 });
    expect(record.machine.diskSlave).toMatchObject({ name: 'hdb.img', size: 512 });
    expect(filesByHash(record, files).size).toBe(5);
    expect(serialOf(record, files)).toBe(
      'first.txt one=first module\nsecond.txt=second module\nmaster disk\nslave disk\n',
    );
  });

  it('travels_in_a_share_link_and_comes_back_as_the_same_machine', async () => {
    const { record, files } = await createSessionRecord(SETUP, VIEW);
    const encoded = await encodeShare(record, filesByHash(record, files));
    if (!encoded.ok) throw new Error(encoded.error.message);
    // A few hundred bytes each: every file fits in the link.
    expect(encoded.value.upload).toEqual([]);
    const decoded = await decodeShareLink(encoded.value.fragment);
    if (!decoded.ok) throw new Error(decoded.error.message);
    const { session } = decoded.value;
    expect(session).toEqual(record);
    const opened = filesFromHashes(session, decoded.value.files);
    await verifySessionFiles(session, opened);
    expect(machineOf(session, opened)).toEqual({
      ramSize: SETUP.ramSize,
      cmdline: SETUP.cmdline,
      modules: SETUP.modules,
      disk: SETUP.disk,
      diskSlave: SETUP.diskSlave,
    });
    expect(serialOf(session, opened)).toBe(serialOf(record, files));
  });

  it('refuses_files_that_lack_the_slave_disk_it_names', async () => {
    const { record, files } = await createSessionRecord(SETUP, VIEW);
    await expect(verifySessionFiles(record, { ...files, diskSlave: null })).rejects.toThrow(
      /'hdb\.img' is missing/,
    );
    const byHash = filesByHash(record, files);
    byHash.delete(record.machine.diskSlave!.sha256);
    expect(() => filesFromHashes(record, byHash)).toThrow(/'hdb\.img' is missing/);
  });
});
