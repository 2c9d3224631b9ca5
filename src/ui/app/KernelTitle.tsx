import { bytes } from '../format/numbers.ts';
import { useApp } from '../store/index.ts';

/** The kernel running now, and how it was booted (protocol, and why that protocol). */
export function KernelTitle() {
  const name = useApp((s) => s.kernelName);
  const boot = useApp((s) => s.boot);
  const shared = useApp((s) => s.ramShared);
  if (!name || !boot) return <div className="kernel-title" />;
  return (
    <div
      className="kernel-title"
      data-testid="kernel-title"
      title={[boot.reason, ...boot.warnings].join('\n')}
    >
      <b>{name}</b>{' '}
      <span>
        {boot.protocol} · {boot.format} · {bytes(boot.size)} · RAM {bytes(boot.ramSize)}
        {shared ? ' (shared)' : ''}
      </span>
    </div>
  );
}
