import { useEffect, useState } from 'react';
import { useApp } from '../../store/index.ts';

/** How long typing may pause before the address is translated. */
const TYPING_MS = 200;

/** The address (hex or a symbol), the kind of access and the privilege to check it for. */
export function TranslationForm() {
  const query = useApp((s) => s.query);
  const setQuery = useApp((s) => s.setQuery);
  const [text, setText] = useState(query.address);
  const [synced, setSynced] = useState(query.address);

  // The address can also be set from elsewhere (a range line, a tree node): adopt it while
  // rendering, as React advises, rather than in an effect that renders twice.
  if (query.address !== synced) {
    setSynced(query.address);
    setText(query.address);
  }

  useEffect(() => {
    if (text === query.address) return;
    const t = setTimeout(() => setQuery({ address: text }), TYPING_MS);
    return () => clearTimeout(t);
  }, [text, query.address, setQuery]);

  return (
    <form
      className="translation-form"
      onSubmit={(e) => {
        e.preventDefault();
        setQuery({ address: text });
      }}
    >
      <input
        aria-label="Virtual address"
        placeholder="virtual address (hex) or symbol"
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <select
        aria-label="Access"
        value={query.access}
        onChange={(e) => setQuery({ access: e.target.value as typeof query.access })}
      >
        <option value="read">read</option>
        <option value="write">write</option>
        <option value="fetch">fetch</option>
      </select>
      <select
        aria-label="Privilege"
        value={query.cpl}
        onChange={(e) => setQuery({ cpl: Number(e.target.value) === 3 ? 3 : 0 })}
      >
        <option value={0}>CPL 0</option>
        <option value={3}>CPL 3</option>
      </select>
    </form>
  );
}
