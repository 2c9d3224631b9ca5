import type { BootModule } from '../boot/options.ts';
import type { BootMachineOptions } from '../engine/boot-machine.ts';
import { sha256Hex } from '../share/sha256.ts';
import type {
  BlobRef,
  InputEvent,
  SharedMachineConfig,
  SharedModule,
} from '../share/shared-session.ts';

export type { InputDevice, InputEvent } from '../share/shared-session.ts';

/**
 * A session: what was booted, how the machine was configured, every byte of guest input
 * with the instruction count it arrived at, where the user is, and what the UI showed.
 * The same record gives the same machine at every instruction. It has the shape of the
 * share layer's SharedSession (src/share), so a share link carries it as it is; the view
 * state is the UI's and opaque here.
 */
export interface SessionRecord<View = unknown> {
  image: BlobRef;
  machine: SharedMachineConfig;
  /** In arrival order, `at` never decreasing. Keyboard bytes are PS/2 scancodes. */
  input: InputEvent[];
  /** Guest time (Cpu.now()) the user is at. */
  position: number;
  view: View;
}

/** A file a session boots, with its name. */
export interface NamedFile {
  name: string;
  bytes: Uint8Array;
}

/** The bytes a record names by hash, in the record's order. */
export interface SessionFiles {
  image: Uint8Array;
  /** One per record.machine.modules entry. */
  modules: Uint8Array[];
  disk: Uint8Array | null;
}

export interface SessionSetup {
  image: NamedFile;
  ramSize: number;
  cmdline?: string;
  modules?: (NamedFile & { cmdline?: string })[];
  disk?: NamedFile;
}

async function blobRef(file: NamedFile): Promise<BlobRef> {
  return { name: file.name, sha256: await sha256Hex(file.bytes), size: file.bytes.length };
}

/** A new record at instruction 0 with no input yet: the files named by SHA-256. */
export async function createSessionRecord<View>(
  setup: SessionSetup,
  view: View,
): Promise<{ record: SessionRecord<View>; files: SessionFiles }> {
  const modules = setup.modules ?? [];
  const moduleRefs: SharedModule[] = await Promise.all(
    modules.map(async (m) => ({ ...(await blobRef(m)), cmdline: m.cmdline ?? '' })),
  );
  const record: SessionRecord<View> = {
    image: await blobRef(setup.image),
    machine: {
      ramSize: setup.ramSize,
      cmdline: setup.cmdline ?? '',
      modules: moduleRefs,
      disk: setup.disk ? await blobRef(setup.disk) : null,
    },
    input: [],
    position: 0,
    view,
  };
  const files: SessionFiles = {
    image: setup.image.bytes,
    modules: modules.map((m) => m.bytes),
    disk: setup.disk?.bytes ?? null,
  };
  return { record, files };
}

/** Throws, naming the file, unless every file has the size and SHA-256 the record names. */
export async function verifySessionFiles(record: SessionRecord, files: SessionFiles) {
  const pairs: [BlobRef, Uint8Array | null | undefined][] = [
    [record.image, files.image],
    ...record.machine.modules.map((m, i): [BlobRef, Uint8Array | undefined] => [
      m,
      files.modules[i],
    ]),
  ];
  if (record.machine.disk) pairs.push([record.machine.disk, files.disk]);
  if (files.modules.length !== record.machine.modules.length)
    throw new Error(`the session names ${record.machine.modules.length} modules`);
  for (const [ref, bytes] of pairs) {
    if (!bytes) throw new Error(`the session's file '${ref.name}' is missing`);
    const ok = bytes.length === ref.size && (await sha256Hex(bytes)) === ref.sha256;
    if (!ok) throw new Error(`'${ref.name}' is not the file the session was recorded with`);
  }
}

/** How bootMachine is to build the record's machine. */
export function bootOptionsOf(record: SessionRecord, files: SessionFiles): BootMachineOptions {
  const modules: BootModule[] = record.machine.modules.map((m, i) => ({
    name: m.name,
    bytes: files.modules[i],
    cmdline: m.cmdline,
  }));
  return {
    ramSize: record.machine.ramSize,
    imageName: record.image.name,
    // An empty command line is none: an ISO's boot configuration then gives its own.
    cmdline: record.machine.cmdline === '' ? undefined : record.machine.cmdline,
    modules,
    disk: files.disk ?? undefined,
  };
}
