import { useEffect, useState } from 'react';
import { bootFile } from './file-boot.ts';
import { useAppStore } from './use-app-store.ts';

/** Files dropped anywhere on the page boot; while a file is dragged over, the page says so. */
export function DropOverlay() {
  const store = useAppStore();
  const [over, setOver] = useState(false);

  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    // dragover must be cancelled for the drop to reach us instead of opening the file.
    const overFn = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const file = e.dataTransfer?.files[0];
      if (file) void bootFile(file, store);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overFn);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('drop', drop);
    };
  }, [store]);

  if (!over) return null;
  return (
    <div className="drop-overlay" aria-hidden>
      <p>Drop a kernel (ELF, Multiboot, Limine or ISO) to boot it</p>
    </div>
  );
}
