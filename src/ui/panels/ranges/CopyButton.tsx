import { useEffect, useState } from 'react';

/**
 * "Copy as text": writes `text()` to the clipboard and says so beside the button; when the
 * browser refuses (no permission, an insecure page) it says how to copy by hand instead.
 */
export function CopyButton(props: { text(): string; what: string }) {
  const [said, setSaid] = useState<{ ok: boolean; words: string } | null>(null);
  // The confirmation goes after a while; a refusal stays until the next try.
  useEffect(() => {
    if (!said?.ok) return;
    const t = setTimeout(() => setSaid(null), 3000);
    return () => clearTimeout(t);
  }, [said]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text());
      setSaid({ ok: true, words: `Copied ${props.what}.` });
    } catch {
      setSaid({
        ok: false,
        words: 'The browser refused the clipboard: select the text and copy it by hand.',
      });
    }
  };
  return (
    <span className="copy">
      <button onClick={() => void copy()} title={`Copy ${props.what} to the clipboard`}>
        Copy as text
      </button>
      {said && (
        <span role="status" className={said.ok ? 'copy-done' : 'copy-refused'}>
          {said.words}
        </span>
      )}
    </span>
  );
}
