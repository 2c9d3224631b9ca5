/** The application shell. The panels arrive with the web-app work; until then the page
 * states what the engine needs from the browser, so a missing header shows at once. */
export function App() {
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
  return (
    <main>
      <h1>pagescope</h1>
      <p>A visual paging debugger for x86_64 kernels.</p>
      <p data-testid="isolation">
        {isolated
          ? 'Cross-origin isolated: guest RAM can be shared with the engine worker.'
          : 'Not cross-origin isolated: the engine will copy guest RAM instead of sharing it.'}
      </p>
    </main>
  );
}
