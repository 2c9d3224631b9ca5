import { useApp } from '../store/index.ts';

/**
 * While a shared link's layout is shown in place of the viewer's own (store/shell-slice.ts),
 * says so and lets them go back to theirs or keep the link's.
 */
export function SharedLayoutNotice() {
  const shown = useApp((s) => s.ownLayout !== null);
  const restore = useApp((s) => s.restoreOwnLayout);
  const keep = useApp((s) => s.keepLinkLayout);
  if (!shown) return null;
  return (
    <div className="banner banner-info" role="status" data-testid="shared-layout-notice">
      <span>Showing the layout from the link.</span>
      <span className="banner-actions">
        <button onClick={restore}>Use my layout</button>
        <button onClick={keep}>Keep this layout</button>
      </span>
    </div>
  );
}
