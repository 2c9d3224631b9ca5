import type { TranslationStepView } from '../../../engine/views.ts';

const rights = (e: TranslationStepView['effective']) =>
  `r${e.writable ? 'w' : '-'}${e.noExecute ? '-' : 'x'} ${e.user ? 'user' : 'kernel'}`;

/**
 * Each entry the walk read, two lines a level so it fits a narrow panel: where the entry is
 * and what it points to, then its raw value and bits; the rights in force so far on the right.
 */
export function WalkSteps(props: { steps: TranslationStepView[] }) {
  return (
    <ol className="walk" aria-label="Translation path">
      {props.steps.map((s) => (
        <li
          key={s.level}
          className={
            !s.present || s.reservedBits.length ? 'step bad' : s.leaf ? 'step leaf' : 'step'
          }
          data-level={s.level}
        >
          <div className="step-line">
            <b
              className="step-level"
              title={`index from address bits ${s.indexBits[0]}:${s.indexBits[1]}`}
            >
              {s.level}[{s.index}]
            </b>{' '}
            <span className="muted">at</span> <code>{s.entryAddress}</code>{' '}
            {!s.present ? (
              <span className="step-to">not present</span>
            ) : (
              <span className="step-to">
                → {s.leaf ? 'page' : 'table'} <code>{s.address}</code>
              </span>
            )}
            {s.present && (
              <span
                className="step-rights"
                title="Effective so far: U/S and R/W ANDed down the levels, XD ORed (with EFER.NXE)"
              >
                {rights(s.effective)}
              </span>
            )}
          </div>
          <div className="step-line">
            <code className="raw">{s.raw}</code>
            <span className="bits">
              {s.flags.map((f) => (
                <span key={f.name} className={f.set ? 'bit on' : 'bit'}>
                  {f.name}
                </span>
              ))}
              {s.reservedBits.length > 0 && (
                <span className="bit bad">reserved {s.reservedBits.join(',')}</span>
              )}
            </span>
          </div>
        </li>
      ))}
    </ol>
  );
}
