import type { SharedSessionV1 } from './session-json.ts';
import type { BlobRef, SharedSession } from './shared-session.ts';

/** Every file a session names, once each, by SHA-256 (a format 1 session has no slave disk). */
export function filesOf(session: SharedSession | SharedSessionV1): Map<string, BlobRef> {
  const { machine } = session;
  const slave = 'diskSlave' in machine ? machine.diskSlave : null;
  const refs = new Map<string, BlobRef>();
  for (const ref of [session.image, ...machine.modules, machine.disk, slave]) {
    if (ref && !refs.has(ref.sha256)) refs.set(ref.sha256, ref);
  }
  return refs;
}
