import type { BlobRef, SharedSession } from './shared-session.ts';

/** Every file a session names, once each, by SHA-256. */
export function filesOf(session: SharedSession): Map<string, BlobRef> {
  const refs = new Map<string, BlobRef>();
  for (const ref of [session.image, ...session.machine.modules, session.machine.disk]) {
    if (ref && !refs.has(ref.sha256)) refs.set(ref.sha256, ref);
  }
  return refs;
}
