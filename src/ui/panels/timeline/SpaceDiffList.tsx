import type { SpaceDiffView } from '../../../engine/time-travel-views.ts';
import { count } from '../../format/numbers.ts';

/** The address-space diff between the marks: added, removed and changed ranges. */
export function SpaceDiffList(props: { diff: SpaceDiffView }) {
  const { diff } = props;
  return (
    <div className="space-diff" data-testid="space-diff">
      <div className="space-diff-head">
        A = {count(diff.a)} (CR3 {diff.cr3A}) → B = {count(diff.b)} (CR3 {diff.cr3B}):{' '}
        {diff.ranges.length === 0 ? 'the same mappings' : `${diff.ranges.length} ranges differ`}
      </div>
      <ul>
        {diff.ranges.map((r, i) => (
          <li key={i} className={`diff-${r.kind}`} title={r.changes.join(', ')}>
            <code>{r.text}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
