import { useEffect } from 'react';
import { useApp } from '../store/index.ts';
import { pageService } from './share-location.ts';

/**
 * Opens the shared session the page's address carries (`#ps2.…`), once; says why when it
 * cannot, while the demo stays loaded and usable.
 */
export function SharedLinkBanner() {
  const open = useApp((s) => s.openSharedLink);
  const error = useApp((s) => s.shareOpenError);
  const dismiss = useApp((s) => s.dismissShare);

  useEffect(() => {
    const fragment = window.location.hash;
    if (fragment.length > 1) void open(fragment, pageService());
  }, [open]);

  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="share-open-error">
      <div>
        <b>Could not open the shared session.</b> {error.message}
        <div className="hint">
          {error.hint} <code>{error.code}</code> · The demo kernel is loaded instead.
        </div>
      </div>
      <button onClick={dismiss} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}
