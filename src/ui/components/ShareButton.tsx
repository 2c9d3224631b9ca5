import { useState } from 'react';
import { useApp } from '../store/index.ts';
import { pageService, pageUrl } from './share-location.ts';
import './share.css';

/**
 * Share: makes a link that opens this session, at this instruction, with this view, for
 * someone else. Images too large for the link go to the share service first; the link is
 * shown, and copied when the browser lets the page write the clipboard.
 */
export function ShareButton() {
  const share = useApp((s) => s.share);
  const create = useApp((s) => s.createShareLink);
  const dismiss = useApp((s) => s.dismissShare);
  const booted = useApp((s) => s.boot !== null);
  const [copied, setCopied] = useState(false);

  const make = async () => {
    setCopied(false);
    const url = await create(pageUrl(), pageService());
    if (url) {
      try {
        await navigator.clipboard.writeText(url);
        setCopied(true);
      } catch {
        // No clipboard permission (or an insecure page): the link is shown to copy by hand.
      }
    }
  };

  return (
    <div className="share">
      <button
        onClick={() => void make()}
        disabled={!booted || share.kind === 'working'}
        title="A link that opens this session at this instruction"
        data-testid="share-button"
      >
        {share.kind === 'working' ? 'Sharing…' : '⤴ Share'}
      </button>
      {share.kind === 'done' && (
        <div className="share-popup" role="dialog" aria-label="Share link">
          <input
            readOnly
            value={share.url}
            data-testid="share-url"
            onFocus={(e) => e.target.select()}
          />
          <span>{copied ? 'copied' : 'copy the link'}</span>
          {share.uploaded > 0 && <span> · the image was stored in the share service</span>}
          <button onClick={dismiss} aria-label="Close">
            ✕
          </button>
        </div>
      )}
      {share.kind === 'failed' && (
        <div className="share-popup share-error" role="alert" data-testid="share-error">
          <b>Could not share.</b> {share.error.message} {share.error.hint}{' '}
          <code>{share.error.code}</code>
          <button onClick={dismiss} aria-label="Close">
            ✕
          </button>
        </div>
      )}
    </div>
  );
}
