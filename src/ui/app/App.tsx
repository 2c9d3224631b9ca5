import { lazy, Suspense, useState } from 'react';
import { Banners } from '../components/Banners.tsx';
import { DropOverlay } from '../components/DropOverlay.tsx';
import { FilePicker } from '../components/FilePicker.tsx';
import { Gallery } from '../components/Gallery.tsx';
import { Progress } from '../components/Progress.tsx';
import { RunControls } from '../components/RunControls.tsx';
import { ShareButton } from '../components/ShareButton.tsx';
import { SharedLinkBanner } from '../components/SharedLinkBanner.tsx';
import { TimelinePanel } from '../panels/timeline/TimelinePanel.tsx';
import { Cr3Panel } from '../panels/cr3/Cr3Panel.tsx';
import { DescriptorsPanel } from '../panels/descriptors/DescriptorsPanel.tsx';
import { FindingsPanel } from '../panels/findings/FindingsPanel.tsx';
import { RangesPanel } from '../panels/ranges/RangesPanel.tsx';
import { RegistersPanel } from '../panels/registers/RegistersPanel.tsx';
import { TranslationPanel } from '../panels/translation/TranslationPanel.tsx';
import { TreePanel } from '../panels/tree/TreePanel.tsx';
import { DisassemblyPanel } from '../panels/disassembly/DisassemblyPanel.tsx';
import { MapPanel } from '../panels/map/MapPanel.tsx';
import { MemoryPanel } from '../panels/memory/MemoryPanel.tsx';
import { ScreenPanel } from '../panels/screen/ScreenPanel.tsx';
import { MachineMenu } from '../components/MachineMenu.tsx';
import { KernelTitle } from './KernelTitle.tsx';
import { PanelLayout } from './PanelLayout.tsx';
import { PanelMenu } from './PanelMenu.tsx';
import { SharedLayoutNotice } from './SharedLayoutNotice.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';

// xterm.js is most of the page's script: load it beside the first render, not before it.
const SerialPanel = lazy(() =>
  import('../panels/serial/SerialPanel.tsx').then((m) => ({ default: m.SerialPanel })),
);

/** Window width from which the gallery rail starts open. */
const GALLERY_MIN_WIDTH = 1400;

/**
 * The application shell: toolbar, messages, the kernel gallery, and the panels in resizable
 * columns (app/layout.ts) that fit a laptop screen; the panel menu hides and restores them.
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
        <MachineMenu />
        <RunControls />
        <Progress />
        <ShareButton />
        <PanelMenu />
        <ThemeToggle />
      </header>
      {/* One row of the shell's grid: the messages, a shared link's among them. */}
      <div>
        <Banners />
        <SharedLinkBanner />
        <SharedLayoutNotice />
      </div>
      <div className="workspace">
        {galleryOpen && <Gallery />}
        <PanelLayout
          panels={{
            cr3: <Cr3Panel />,
            tree: <TreePanel />,
            map: <MapPanel />,
            translation: <TranslationPanel />,
            disassembly: <DisassemblyPanel />,
            memory: <MemoryPanel />,
            ranges: <RangesPanel />,
            registers: <RegistersPanel />,
            findings: <FindingsPanel />,
            descriptors: <DescriptorsPanel />,
            screen: <ScreenPanel />,
            serial: (
              <Suspense
                fallback={<section className="panel panel-serial" aria-label="Serial (COM1)" />}
              >
                <SerialPanel />
              </Suspense>
            ),
          }}
        />
      </div>
      {/* Under the panels, as a player's scrubber: a row of its own after the workspace. */}
      <TimelinePanel />
      <DropOverlay />
    </div>
  );
}
