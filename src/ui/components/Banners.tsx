import { useApp } from '../store/index.ts';

/** Messages above the panels: a boot that failed, why the machine ended, engine trouble. */
export function Banners() {
  const failure = useApp((s) => s.bootFailure);
  const dismiss = useApp((s) => s.dismissBootFailure);
  const stop = useApp((s) => s.status?.stop ?? null);
  const notice = useApp((s) => s.notice);
  const connectionError = useApp((s) => s.connectionError);
  const kernel = useApp((s) => s.kernelName);
  return (
    <div className="banners">
      {connectionError && (
        <div className="banner banner-error" role="alert">
          The engine could not start: {connectionError}. Reload the page.
        </div>
      )}
      {failure && (
        <div className="banner banner-error" role="alert" data-testid="boot-error">
          <div>
            <b>Could not boot {failure.name}.</b> {failure.message}
            <div className="hint">
              {failure.hint} <code>{failure.code}</code>
              {kernel && <span> · The previous kernel ({kernel}) is still loaded.</span>}
            </div>
          </div>
          <button onClick={dismiss} aria-label="Dismiss">
            ✕
          </button>
        </div>
      )}
      {stop && (
        <div className={`banner banner-stop stop-${stop.reason}`} data-testid="stop-banner">
          <div>
            <b>{stop.reason === 'exit' ? 'Exited.' : 'Stopped.'}</b> {stop.message}
            {stop.details.length > 0 && (
              <details>
                <summary>details</summary>
                <ol>
                  {stop.details.map((d, i) => (
                    <li key={i}>{d}</li>
                  ))}
                </ol>
              </details>
            )}
          </div>
        </div>
      )}
      {notice && <div className="banner banner-warn">{notice}</div>}
    </div>
  );
}
