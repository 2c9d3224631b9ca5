import type { TranslationView } from '../../../engine/views.ts';

/** The outcome: the physical address and its page, or the fault the CPU would raise. */
export function TranslationResult(props: { t: TranslationView }) {
  const { t } = props;
  if (t.ok)
    return (
      <div className="result ok" data-testid="translation-result">
        <b>{t.va}</b> → physical <b data-testid="physical">{t.physical}</b>
        {t.pageSize && (
          <span>
            {' '}
            in a {t.pageSize} page at <code>{t.pageBase}</code>
          </span>
        )}
      </div>
    );
  const f = t.fault!;
  return (
    <div className="result fault" data-testid="translation-result" role="status">
      <b>
        {f.vector}
        {f.vector === '#PF' ? ` error code ${f.errorCode}` : '(0)'}
      </b>{' '}
      {f.reason}.
      {f.errorCodeWords.length > 0 && (
        <ul className="error-code">
          {f.errorCodeWords.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {f.cr2 && (
        <div>
          CR2 would be <code>{f.cr2}</code>
        </div>
      )}
    </div>
  );
}
