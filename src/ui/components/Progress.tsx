import { count, mips } from '../format/numbers.ts';
import { useApp } from '../store/index.ts';

const STATE_WORDS = { running: 'running', paused: 'paused', ended: 'ended' } as const;

/** Where the machine is: state, instruction counts, speed and RIP (with its symbol). */
export function Progress() {
  const status = useApp((s) => s.status);
  const speed = useApp((s) => s.mips);
  const booting = useApp((s) => s.booting);
  if (booting) return <div className="progress">booting {booting}…</div>;
  if (!status) return <div className="progress">starting the engine…</div>;
  return (
    <div className="progress" data-testid="progress">
      <span className={`state state-${status.run}`} data-testid="run-state">
        {STATE_WORDS[status.run]}
        {status.halted && status.run !== 'ended' ? ' (hlt)' : ''}
      </span>
      <span
        title={`Instructions retired since boot. Guest time t=${count(status.guestTime)}: instructions plus idle time skipped in hlt; every guest clock derives from it.`}
      >
        <b data-testid="retired">{count(status.retired)}</b> instructions
        {/* The timeline counts guest time: say so where it differs from the instructions. */}
        {status.guestTime !== status.retired && (
          <span className="guest-time" data-testid="guest-time">
            {' '}
            · t={count(status.guestTime)}
          </span>
        )}
      </span>
      {status.run === 'running' && speed !== null && <span data-testid="mips">{mips(speed)}</span>}
      <span className="rip" title="The next instruction">
        RIP {status.rip}
        {status.where && <em> {status.where}</em>}
      </span>
    </div>
  );
}
