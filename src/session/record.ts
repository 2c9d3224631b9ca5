import type { BootModule } from '../boot/options.ts';
import type { BootMachineOptions } from '../engine/boot-machine.ts';
import type { MachineConfig, MachineFile } from '../engine/views.ts';
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
export type NamedFile = MachineFile;

/** The bytes a record names by hash, in the record's order. */
export interface SessionFiles {
  image: Uint8Array;
  /** One per record.machine.modules entry. */
  modules: Uint8Array[];
  disk: Uint8Array | null;
  diskSlave: Uint8Array | null;
}

/** The image and the machine it boots on, files included. */
export interface SessionSetup {
  image: NamedFile;
  ramSize: number;
  cmdline?: string;
  modules?: (NamedFile & { cmdline?: string })[];
  disk?: NamedFile | null;
  diskSlave?: NamedFile | null;
}

async function blobRef(file: NamedFile): Promise<BlobRef> {
  return { name: file.name, sha256: await sha256Hex(file.bytes), size: file.bytes.length };
}

const blobRefOrNull = async (file: NamedFile | null | undefined) => (file ? blobRef(file) : null);

/** A setup's files in a record's order. */
export function setupFiles(setup: SessionSetup): SessionFiles {
  return {
    image: setup.image.bytes,
    modules: (setup.modules ?? []).map((m) => m.bytes),
    disk: setup.disk?.bytes ?? null,
    diskSlave: setup.diskSlave?.bytes ?? null,
  };
}

/** A new record at instruction 0 with no input yet: the files named by SHA-256. */
export async function createSessionRecord<View>(
  setup: SessionSetup,
  view: View,
): Promise<{ record: SessionRecord<View>; files: SessionFiles }> {
  const moduleRefs: SharedModule[] = await Promise.all(
    (setup.modules ?? []).map(async (m) => ({ ...(await blobRef(m)), cmdline: m.cmdline ?? '' })),
  );
  const record: SessionRecord<View> = {
    image: await blobRef(setup.image),
    machine: {
      ramSize: setup.ramSize,
      cmdline: setup.cmdline ?? '',
      modules: moduleRefs,
      disk: await blobRefOrNull(setup.disk),
      diskSlave: await blobRefOrNull(setup.diskSlave),
    },
    input: [],
    position: 0,
    view,
  };
  return { record, files: setupFiles(setup) };
}

/** What a record names of its machine and its files. */
type RecordFiles = Pick<SessionRecord, 'image' | 'machine'>;

/** Each file the record names, with the bytes given for it (none: undefined or null). */
function namedFiles(record: RecordFiles, files: SessionFiles) {
  const { machine } = record;
  const pairs: [BlobRef, Uint8Array | null | undefined][] = [
    [record.image, files.image],
    ...machine.modules.map((m, i): [BlobRef, Uint8Array | undefined] => [m, files.modules[i]]),
  ];
  if (machine.disk) pairs.push([machine.disk, files.disk]);
  if (machine.diskSlave) pairs.push([machine.diskSlave, files.diskSlave]);
  return pairs;
}

/** Throws, naming the file, unless every file has the size and SHA-256 the record names. */
export async function verifySessionFiles(record: SessionRecord, files: SessionFiles) {
  if (files.modules.length !== record.machine.modules.length)
    throw new Error(`the session names ${record.machine.modules.length} modules`);
  for (const [ref, bytes] of namedFiles(record, files)) {
    if (!bytes) throw new Error(`the session's file '${ref.name}' is missing`);
    const ok = bytes.length === ref.size && (await sha256Hex(bytes)) === ref.sha256;
    if (!ok) throw new Error(`'${ref.name}' is not the file the session was recorded with`);
  }
}

/** The machine a record and its files describe, files included. */
export function machineOf(record: RecordFiles, files: SessionFiles): MachineConfig {
  const { machine } = record;
  const named = (ref: BlobRef | null, bytes: Uint8Array | null) =>
    ref && bytes ? { name: ref.name, bytes } : null;
  return {
    ramSize: machine.ramSize,
    cmdline: machine.cmdline,
    modules: machine.modules.map((m, i) => ({
      name: m.name,
      bytes: files.modules[i],
      cmdline: m.cmdline,
    })),
    disk: named(machine.disk, files.disk),
    diskSlave: named(machine.diskSlave, files.diskSlave),
  };
}

/** The setup a record and its files describe. */
export function setupOf(record: RecordFiles, files: SessionFiles): SessionSetup {
  return { image: { name: record.image.name, bytes: files.image }, ...machineOf(record, files) };
}

/** A record's files by SHA-256, as a share link and the share service hold them. */
export function filesByHash(record: RecordFiles, files: SessionFiles): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [ref, bytes] of namedFiles(record, files)) if (bytes) out.set(ref.sha256, bytes);
  return out;
}

/** A record's files in its order, from files by SHA-256 that hold every one it names. */
export function filesFromHashes(
  record: RecordFiles,
  byHash: Map<string, Uint8Array>,
): SessionFiles {
  const { machine } = record;
  const get = (ref: BlobRef) => {
    const bytes = byHash.get(ref.sha256);
    if (!bytes) throw new Error(`the session's file '${ref.name}' is missing`);
    return bytes;
  };
  return {
    image: get(record.image),
    modules: machine.modules.map(get),
    disk: machine.disk && get(machine.disk),
    diskSlave: machine.diskSlave && get(machine.diskSlave),
  };
}

/** How bootMachine is to build a setup's machine. */
export function setupBootOptions(setup: SessionSetup): BootMachineOptions {
  const modules: BootModule[] = (setup.modules ?? []).map((m) => ({
    name: m.name,
    bytes: m.bytes,
    cmdline: m.cmdline,
  }));
  return {
    ramSize: setup.ramSize,
    imageName: setup.image.name,
    // An empty command line is none: an ISO's boot configuration then gives its own.
    cmdline: setup.cmdline || undefined,
    modules,
    disk: setup.disk?.bytes,
    diskName: setup.disk?.name,
    diskSlave: setup.diskSlave?.bytes,
    diskSlaveName: setup.diskSlave?.name,
  };
}

/** How bootMachine is to build the record's machine. */
export function bootOptionsOf(record: SessionRecord, files: SessionFiles): BootMachineOptions {
  return setupBootOptions(setupOf(record, files));
}
