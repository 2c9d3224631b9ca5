import { Empty, Panel } from '../../components/Panel.tsx';
import { useApp } from '../../store/index.ts';
import { selectTranslation } from '../../store/selectors.ts';
import { AddressBits } from './AddressBits.tsx';
import { PhysicalBytes } from './PhysicalBytes.tsx';
import { TranslationForm } from './TranslationForm.tsx';
import { TranslationResult } from './TranslationResult.tsx';
import { WalkSteps } from './WalkSteps.tsx';
import './translation.css';

/** Any virtual address, walked level by level under the live CR3, read-only. */
export function TranslationPanel() {
  const t = useApp(selectTranslation);
  const showMemory = useApp((s) => s.showMemory);
  const showDisassembly = useApp((s) => s.showDisassembly);
  const showPath = useApp((s) => s.showPath);
  const va = t && !t.inputError ? t.va : null;
  const walked = va && t ? t.steps.map((s) => s.table) : [];
  return (
    <Panel
      title="Translation"
      name="translation"
      actions={
        va && (
          <>
            <button onClick={() => showMemory(va, 'virtual')} title="Show the bytes here in Memory">
              Memory
            </button>
            <button onClick={() => showDisassembly(va)} title="Disassemble from here">
              Disassemble
            </button>
            {walked.length > 0 && (
              <button
                onClick={() => showPath(walked)}
                title="Open the tables of this walk in the page-table tree"
              >
                Tree
              </button>
            )}
          </>
        )
      }
    >
      <TranslationForm />
      {!t ? (
        <Empty>Type a virtual address, or click a range or a tree node.</Empty>
      ) : t.inputError ? (
        <p className="input-error" role="status">
          {t.inputError}
        </p>
      ) : (
        <div className="translation">
          <div className="translation-head">
            {t.resolvedFrom && <span>{t.resolvedFrom} · </span>}
            {t.mode}, CR3 <code>{t.cr3}</code>
          </div>
          <AddressBits t={t} />
          {t.steps.length > 0 && <WalkSteps steps={t.steps} />}
          <TranslationResult t={t} />
          {t.physical && <PhysicalBytes physical={t.physical} />}
          {t.notes.map((n) => (
            <p key={n} className="note">
              {n}
            </p>
          ))}
        </div>
      )}
    </Panel>
  );
}
