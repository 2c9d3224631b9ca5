import { BUNDLED_KERNELS } from '../kernels/bundled-kernels.ts';
import type { BundledKernel } from '../kernels/bundled-kernels.ts';
import { useApp } from '../store/index.ts';
import { RecentImages } from './RecentImages.tsx';
import './gallery.css';

/** Sections of the gallery, by file-name prefix; the rest are boot-protocol examples. */
const GROUPS: { title: string; test(file: string): boolean; strip: RegExp }[] = [
  { title: 'Demo', test: (f) => f.startsWith('demo-'), strip: /\.elf$/ },
  { title: 'Paging bugs', test: (f) => f.startsWith('pitfall-'), strip: /^pitfall-|\.elf$/g },
  { title: 'Self-tests', test: (f) => f.endsWith('-test.elf'), strip: /\.elf$/ },
  { title: 'Boot protocols', test: () => true, strip: /\.elf$/ },
];

function grouped(kernels: readonly BundledKernel[]) {
  const left = [...kernels];
  return GROUPS.map((g) => {
    const mine = left.filter((k) => g.test(k.file));
    for (const k of mine) left.splice(left.indexOf(k), 1);
    return { ...g, kernels: mine };
  }).filter((g) => g.kernels.length > 0);
}

/**
 * The kernels to boot: those the user opened before (kept in the browser), then the bundled
 * ones, grouped. Click one to boot it; the running one is marked.
 */
export function Gallery() {
  const current = useApp((s) => s.kernelName);
  const booting = useApp((s) => s.booting);
  const bootBundled = useApp((s) => s.bootBundled);
  return (
    <nav className="gallery" aria-label="Bundled kernels">
      <h2>Kernels</h2>
      <p className="gallery-hint">
        Click to boot; hover for what it shows. Or drop your own kernel anywhere.
      </p>
      <RecentImages />
      {grouped(BUNDLED_KERNELS).map((g) => (
        <section key={g.title}>
          <h3>{g.title}</h3>
          <ul>
            {g.kernels.map((k) => (
              <li key={k.file}>
                <button
                  className={k.file === current ? 'kernel current' : 'kernel'}
                  aria-current={k.file === current ? 'true' : undefined}
                  aria-label={`Boot ${k.file}`}
                  disabled={booting !== null}
                  onClick={() => void bootBundled(k.file)}
                  title={k.shows ? `${k.file}: ${k.shows}. Ends: ${k.ends}.` : k.file}
                >
                  <span className="kernel-name">{k.file.replace(g.strip, '')}</span>
                  {k.boot && <span className="kernel-boot">{k.boot}</span>}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
