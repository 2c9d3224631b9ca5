import {
  bootOptionsOf,
  createSessionRecord,
  setupBootOptions,
  setupFiles,
  verifySessionFiles,
} from '../session/record.ts';
import type { NamedFile, SessionFiles, SessionRecord, SessionSetup } from '../session/record.ts';
import { Replayer } from '../session/replayer.ts';
import { bootMachine } from './boot-machine.ts';
import type { BootMachineOptions } from './boot-machine.ts';
import { SessionEngine } from './session-engine.ts';
import type { CreateEngineResult } from './session-engine.ts';
import { TimeTravel } from './time-travel.ts';
import type { RecordHead } from './time-travel.ts';
import type { MachineConfig } from './views.ts';

/** How the page's machine differs from what a record names: where RAM lives, the screen. */
export type HostMachineOptions = Pick<BootMachineOptions, 'ramBuffer' | 'framebuffer'>;

function recordedEngine(
  options: BootMachineOptions,
  files: SessionFiles,
  record: { input: SessionRecord['input']; head: () => Promise<RecordHead> },
): CreateEngineResult {
  const booted = bootMachine(files.image, options);
  if (!booted.ok) return booted;
  const replayer = Replayer.attach(booted.machine, booted.pc, record.input);
  const engine = new SessionEngine(
    booted.machine,
    booted.pc,
    booted.plan,
    options,
    files.image.length,
  );
  engine.attachTimeTravel(new TimeTravel(replayer, engine.monitor.watch, files, record.head));
  return { ok: true, engine };
}

/**
 * Boots an image into an engine whose machine a Replayer drives (time-travel.ts): the run is
 * recorded from its first instruction and replayable. Synchronous, so the page boots at
 * once; the image is hashed for the session's record only when a record is asked for.
 */
export function createRecordedEngine(
  image: NamedFile,
  machine: MachineConfig,
  host: HostMachineOptions,
): CreateEngineResult {
  const setup: SessionSetup = { image, ...machine };
  let head: Promise<RecordHead> | null = null;
  return recordedEngine({ ...setupBootOptions(setup), ...host }, setupFiles(setup), {
    input: [],
    head: () => (head ??= createSessionRecord(setup, null).then((r) => r.record)),
  });
}

/**
 * A shared session's engine at instruction 0, with the record's input log to come, after
 * checking the files are the ones the record names (else throws, naming the file). The
 * caller seeks it to record.position.
 */
export async function openSharedEngine(
  record: SessionRecord,
  files: SessionFiles,
  host: HostMachineOptions,
): Promise<CreateEngineResult> {
  await verifySessionFiles(record, files);
  const head: RecordHead = { image: record.image, machine: record.machine };
  return recordedEngine({ ...bootOptionsOf(record, files), ...host }, files, {
    input: record.input,
    head: () => Promise.resolve(head),
  });
}
