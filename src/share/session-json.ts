import { decodeBase64url, encodeBase64url } from './base64url.ts';
import {
  readAddress,
  readArray,
  readChoice,
  readInteger,
  readObject,
  readPanelState,
  readPattern,
  readString,
} from './fields.ts';
import { SHA256_HEX } from './sha256.ts';
import { fail } from './share-errors.ts';
import type {
  BlobRef,
  InputDevice,
  InputEvent,
  SharedMachineConfig,
  SharedModule,
  SharedSession,
  SharedViewState,
} from './shared-session.ts';
import { SHARE_LIMITS } from './shared-session.ts';

/**
 * The session record as JSON, in formats 1 and 2: the SharedSession with input bytes in
 * base64url, plus `inline`, the SHA-256s of the files whose bytes follow the record in the
 * payload, in that order. Every key is always written; the reader refuses missing and
 * unknown keys. Format 2 added the slave disk (`machine.diskSlave`); nothing else differs.
 */

const PANEL_ID = new RegExp(`^[a-z][a-z0-9-]{0,${SHARE_LIMITS.panelIdChars - 1}}$`);
const DEVICES: readonly InputDevice[] = ['serial', 'keyboard'];

/** A session as format 1 records it: its machine has no slave disk. */
export type SharedSessionV1 = Omit<SharedSession, 'machine'> & {
  machine: Omit<SharedMachineConfig, 'diskSlave'>;
};

export interface SessionRecordJson<S> {
  session: S;
  /** SHA-256s of the files carried after the record, in payload order. */
  inline: string[];
}

/** Writes the latest format's record: exactly the fields its reader accepts. */
export function writeSessionJson(session: SharedSession, inline: string[]): unknown {
  const { machine, view } = session;
  return {
    image: blobRefJson(session.image),
    machine: {
      ramSize: machine.ramSize,
      cmdline: machine.cmdline,
      modules: machine.modules.map((m) => ({ ...blobRefJson(m), cmdline: m.cmdline })),
      disk: machine.disk && blobRefJson(machine.disk),
      diskSlave: machine.diskSlave && blobRefJson(machine.diskSlave),
    },
    input: session.input.map((e) => ({
      at: e.at,
      device: e.device,
      bytes: encodeBase64url(e.bytes),
    })),
    position: session.position,
    view: {
      selectedAddress: view.selectedAddress,
      openPanels: view.openPanels,
      breakpoints: view.breakpoints,
      panelState: view.panelState,
    },
    inline,
  };
}

function blobRefJson(ref: BlobRef): BlobRef {
  return { name: ref.name, sha256: ref.sha256, size: ref.size };
}

export function readSessionV1(json: unknown): SessionRecordJson<SharedSessionV1> {
  return readSession(json, (v, path) => readMachineV1(readObject(v, path, MACHINE_V1), path));
}

export function readSessionV2(json: unknown): SessionRecordJson<SharedSession> {
  return readSession(json, (v, path) => {
    const o = readObject(v, path, [...MACHINE_V1, 'diskSlave']);
    return { ...readMachineV1(o, path), diskSlave: readDisk(o.diskSlave, `${path}.diskSlave`) };
  });
}

/** The most files a record names: the image, the modules, two disks. */
const MAX_FILES = 3 + SHARE_LIMITS.modules;

function readSession<M>(
  json: unknown,
  readMachine: (v: unknown, path: string) => M,
): SessionRecordJson<Omit<SharedSession, 'machine'> & { machine: M }> {
  const o = readObject(json, 'session', [
    'image',
    'machine',
    'input',
    'position',
    'view',
    'inline',
  ]);
  const session = {
    image: readBlobRef(o.image, 'image'),
    machine: readMachine(o.machine, 'machine'),
    input: readInput(o.input, 'input'),
    position: readInteger(o.position, 'position', 0, Number.MAX_SAFE_INTEGER),
    view: readView(o.view, 'view'),
  };
  const inline = readArray(o.inline, 'inline', MAX_FILES).map((h, i) =>
    readPattern(h, `inline[${i}]`, SHA256_HEX, 'a SHA-256 in lower-case hex'),
  );
  return { session, inline };
}

function blobFields(v: unknown, path: string, extra: readonly string[]): Record<string, unknown> {
  return readObject(v, path, ['name', 'sha256', 'size', ...extra]);
}

function readBlobRef(v: unknown, path: string): BlobRef {
  const o = blobFields(v, path, []);
  return blobRefOf(o, path);
}

function blobRefOf(o: Record<string, unknown>, path: string): BlobRef {
  return {
    name: readString(o.name, `${path}.name`, SHARE_LIMITS.nameChars),
    sha256: readPattern(o.sha256, `${path}.sha256`, SHA256_HEX, 'a SHA-256 in lower-case hex'),
    size: readInteger(o.size, `${path}.size`, 0, SHARE_LIMITS.blobBytes),
  };
}

function readModule(v: unknown, path: string): SharedModule {
  const o = blobFields(v, path, ['cmdline']);
  return {
    ...blobRefOf(o, path),
    cmdline: readString(o.cmdline, `${path}.cmdline`, SHARE_LIMITS.cmdlineChars),
  };
}

const MACHINE_V1 = ['ramSize', 'cmdline', 'modules', 'disk'] as const;

/** The machine's fields format 1 has, from its object already checked for its keys. */
function readMachineV1(
  o: Record<string, unknown>,
  path: string,
): Omit<SharedMachineConfig, 'diskSlave'> {
  const ramSize = readInteger(
    o.ramSize,
    `${path}.ramSize`,
    SHARE_LIMITS.minRamSize,
    SHARE_LIMITS.maxRamSize,
  );
  if (ramSize % 4096 !== 0) fail('SHARE_BAD_FIELD', `${path}.ramSize is not a multiple of 4 KiB`);
  return {
    ramSize,
    cmdline: readString(o.cmdline, `${path}.cmdline`, SHARE_LIMITS.cmdlineChars),
    modules: readArray(o.modules, `${path}.modules`, SHARE_LIMITS.modules).map((m, i) =>
      readModule(m, `${path}.modules[${i}]`),
    ),
    disk: readDisk(o.disk, `${path}.disk`),
  };
}

function readDisk(v: unknown, path: string): BlobRef | null {
  return v === null ? null : readBlobRef(v, path);
}

function readInput(v: unknown, path: string): InputEvent[] {
  let last = 0;
  return readArray(v, path, SHARE_LIMITS.inputEvents).map((item, i) => {
    const at = `${path}[${i}]`;
    const o = readObject(item, at, ['at', 'device', 'bytes']);
    const count = readInteger(o.at, `${at}.at`, last, Number.MAX_SAFE_INTEGER);
    last = count;
    const text = readPattern(o.bytes, `${at}.bytes`, /^[A-Za-z0-9_-]*$/, 'base64url text');
    const bytes = decodeBase64url(text);
    if (!bytes.ok) fail('SHARE_BAD_FIELD', `${at}.bytes is not base64url: ${bytes.reason}`);
    if (bytes.bytes.length === 0 || bytes.bytes.length > SHARE_LIMITS.inputEventBytes) {
      fail('SHARE_BAD_FIELD', `${at}.bytes must hold 1 to ${SHARE_LIMITS.inputEventBytes} bytes`);
    }
    return { at: count, device: readChoice(o.device, `${at}.device`, DEVICES), bytes: bytes.bytes };
  });
}

function readView(v: unknown, path: string): SharedViewState {
  const o = readObject(v, path, ['selectedAddress', 'openPanels', 'breakpoints', 'panelState']);
  return {
    selectedAddress:
      o.selectedAddress === null ? null : readAddress(o.selectedAddress, `${path}.selectedAddress`),
    openPanels: readArray(o.openPanels, `${path}.openPanels`, SHARE_LIMITS.panels).map((p, i) =>
      readPattern(p, `${path}.openPanels[${i}]`, PANEL_ID, 'a panel name (a-z, 0-9, -)'),
    ),
    breakpoints: readArray(o.breakpoints, `${path}.breakpoints`, SHARE_LIMITS.breakpoints).map(
      (b, i) => readAddress(b, `${path}.breakpoints[${i}]`),
    ),
    panelState: readPanelState(o.panelState, `${path}.panelState`),
  };
}
