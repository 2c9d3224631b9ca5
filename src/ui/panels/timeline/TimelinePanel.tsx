import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store/index.ts';
import { count } from '../../format/numbers.ts';
import { SpaceDiffList } from './SpaceDiffList.tsx';
import { TimelineTrack } from './TimelineTrack.tsx';
import { MARKER_ROWS } from './timeline-model.ts';
import './timeline.css';

/**
 * The recorded run as a timeline: click or drag to go to an instruction, step back, run back
 * to the last CR3 write, page-table write or exception, and mark two instructions to see how
 * the address space changed between them.
 */
export function TimelinePanel() {
  const timeline = useApp((s) => s.views?.timeline ?? null);
  const running = useApp((s) => s.status?.run === 'running');
  const now = useApp((s) => s.status?.guestTime ?? 0);
  const seeking = useApp((s) => s.seeking);
  const travelling = useApp((s) => s.travelling);
  const marks = useApp(useShallow((s) => s.marks));
  const diff = useApp((s) => s.spaceDiff);
  const error = useApp((s) => s.travelError);
  const { seek, stepBack, runBack, setMark, diffMarks } = useApp(
    useShallow((s) => ({
      seek: s.seek,
      stepBack: s.stepBack,
      runBack: s.runBack,
      setMark: s.setMark,
      diffMarks: s.diffMarks,
    })),
  );
  if (!timeline) return null;
  const busy = running || travelling || seeking !== null;
  const why = running ? 'pause first' : '';
  const progress = seeking
    ? Math.max(0, Math.min(1, (now - seeking.from) / (seeking.target - seeking.from || 1)))
    : null;

  return (
    <section className="timeline" aria-label="Timeline" data-testid="timeline">
      <div className="timeline-controls" role="group" aria-label="Time travel">
        <button
          onClick={() => void stepBack()}
          disabled={busy || now === 0}
          title={why || 'Back one instruction'}
        >
          ◂ Step back
        </button>
        <button
          onClick={() => void runBack('cr3-write')}
          disabled={busy}
          title={why || 'Back to just before the last CR3 write'}
        >
          « CR3 write
        </button>
        <button
          onClick={() => void runBack('table-write')}
          disabled={busy}
          title={why || 'Back to just before the last write to a page table'}
        >
          « Table write
        </button>
        <button
          onClick={() => void runBack('exception')}
          disabled={busy}
          title={why || 'Back to just before the last exception'}
        >
          « Exception
        </button>
        <span className="timeline-where" data-testid="timeline-position">
          {count(timeline.position)} / {count(timeline.end)}
        </span>
        <button onClick={() => setMark('a', now)} disabled={busy} title="Mark this instruction A">
          Mark A
        </button>
        <button onClick={() => setMark('b', now)} disabled={busy} title="Mark this instruction B">
          Mark B
        </button>
        <button
          onClick={() => void diffMarks()}
          disabled={busy || marks.a === null || marks.b === null}
          title="How the address space at B differs from the one at A"
        >
          Diff A → B
        </button>
        {progress !== null && (
          <span className="timeline-seeking">
            seeking to {count(seeking!.target)}…{' '}
            <progress
              max={1}
              value={progress}
              aria-label="Seek progress"
              data-testid="seek-progress"
            />
          </span>
        )}
        <span className="timeline-legend">
          {MARKER_ROWS.map((r) => (
            <span key={r.kind} className={`legend marker-${r.kind}`}>
              {r.label}
              {timeline.omitted[r.kind] > 0 && ` (+${count(timeline.omitted[r.kind])} not drawn)`}
            </span>
          ))}
        </span>
      </div>
      <TimelineTrack
        timeline={timeline}
        marks={marks}
        onSeek={(at) => {
          if (!busy) void seek(at);
        }}
      />
      {error && (
        <div className="timeline-error" role="alert">
          {error}
        </div>
      )}
      {diff && <SpaceDiffList diff={diff} />}
    </section>
  );
}
