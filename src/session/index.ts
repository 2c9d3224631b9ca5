export { createSessionRecord, verifySessionFiles } from './record.ts';
export type {
  InputDevice,
  InputEvent,
  NamedFile,
  SessionFiles,
  SessionRecord,
  SessionSetup,
} from './record.ts';
export { Replayer } from './replayer.ts';
export type { ReplayStop, ReplayerOptions } from './replayer.ts';
export { SnapshotStore } from './snapshot-store.ts';
