import { useRef } from 'react';
import { useAppStore } from './use-app-store.ts';
import { bootFile } from './file-boot.ts';

/** "Open kernel…": a button over a hidden file input (the input is what tests drive). */
export function FilePicker() {
  const input = useRef<HTMLInputElement>(null);
  const store = useAppStore();
  return (
    <>
      <button
        onClick={() => input.current?.click()}
        title="Boot a kernel image from your disk (or drop it anywhere on the page)"
      >
        Open kernel…
      </button>
      <input
        ref={input}
        type="file"
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = ''; // picking the same file again must boot it again
          if (file) void bootFile(file, store);
        }}
      />
    </>
  );
}
