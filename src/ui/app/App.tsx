import { lazy, Suspense, useState } from 'react';
import { Banners } from '../components/Banners.tsx';
import { DropOverlay } from '../components/DropOverlay.tsx';
import { FilePicker } from '../components/FilePicker.tsx';
import { Gallery } from '../components/Gallery.tsx';
import { Progress } from '../components/Progress.tsx';
import { RunControls } from '../components/RunControls.tsx';
import { Cr3Panel } from '../panels/cr3/Cr3Panel.tsx';
import { FindingsPanel } from '../panels/findings/FindingsPanel.tsx';
import { RangesPanel } from '../panels/ranges/RangesPanel.tsx';
import { RegistersPanel } from '../panels/registers/RegistersPanel.tsx';
import { TranslationPanel } from '../panels/translation/TranslationPanel.tsx';
import { TreePanel } from '../panels/tree/TreePanel.tsx';
import { KernelTitle } from './KernelTitle.tsx';

// xterm.js is most of the page's script: load it beside the first render, not before it.
const SerialPanel = lazy(() =>
  import('../panels/serial/SerialPanel.tsx').then((m) => ({ default: m.SerialPanel })),
);

/** Window width from which the gallery rail starts open. */
const GALLERY_MIN_WIDTH = 1400;

/**
 * The application shell: toolbar, messages, the kernel gallery, and the panels in a grid
 * that fits a laptop screen (CR3 and the tree, translation and ranges, registers and serial).
 */
export function App() {
  // Open on first view where it fits beside the panels; narrower screens get it on demand.
  const [galleryOpen, setGalleryOpen] = useState(() => window.innerWidth >= GALLERY_MIN_WIDTH);
  return (
    <div className={galleryOpen ? 'app with-gallery' : 'app'}>
      <header className="toolbar">
        <h1>pagescope</h1>
        <button
          onClick={() => setGalleryOpen(!galleryOpen)}
          aria-pressed={galleryOpen}
          title={galleryOpen ? 'Hide the kernel gallery' : 'Show the kernel gallery'}
        >
          ☰ Kernels
        </button>
        <FilePicker />
        <KernelTitle />
        <RunControls />
        <Progress />
      </header>
      <Banners />
      <div className="workspace">
        {galleryOpen && <Gallery />}
        <main className="panels">
          <Cr3Panel />
          <TreePanel />
          <TranslationPanel />
          <RangesPanel />
          <RegistersPanel />
          <FindingsPanel />
          <Suspense
            fallback={<section className="panel panel-serial" aria-label="Serial (COM1)" />}
          >
            <SerialPanel />
          </Suspense>
        </main>
      </div>
      <DropOverlay />
    </div>
  );
}
