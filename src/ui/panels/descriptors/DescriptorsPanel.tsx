import { useState } from 'react';
import { Empty, Panel } from '../../components/Panel.tsx';
import { useInspector } from '../../components/use-inspector.ts';
import { GateTable, SegmentTable, TableHeadLine, TssTable } from './DescriptorTables.tsx';
import './descriptors.css';

type Tab = 'gdt' | 'ldt' | 'idt' | 'tss';

/**
 * The GDT, LDT, IDT and TSS as the CPU will read them, entry by entry, each address the CPU
 * uses marked mapped or not under the live tables; a base or handler translates on click.
 */
export function DescriptorsPanel() {
  const { result: d, error } = useInspector('descriptors', {});
  const [tab, setTab] = useState<Tab>('gdt');
  const tabs: Tab[] = d?.ldt ? ['gdt', 'ldt', 'idt', 'tss'] : ['gdt', 'idt', 'tss'];
  const shown = d && tabs.includes(tab) ? tab : 'gdt';
  return (
    <Panel
      title="Descriptor tables"
      name="descriptors"
      actions={
        <div role="tablist" className="tabs">
          {tabs.map((t) => (
            <button key={t} role="tab" aria-selected={shown === t} onClick={() => setTab(t)}>
              {t.toUpperCase()}
            </button>
          ))}
        </div>
      }
    >
      {error && <p className="input-error">{error}</p>}
      {!d ? (
        <Empty>No machine yet.</Empty>
      ) : d.mode === 'real' ? (
        <Empty>Real mode: the IDTR points to the interrupt vector table; nothing to decode.</Empty>
      ) : shown === 'gdt' ? (
        <>
          <TableHeadLine name="GDT" head={d.gdt} />
          <SegmentTable label="GDT" entries={d.gdt.entries} />
        </>
      ) : shown === 'ldt' && d.ldt ? (
        <>
          <TableHeadLine name="LDT" head={d.ldt} />
          <SegmentTable label="LDT" entries={d.ldt.entries} />
        </>
      ) : shown === 'idt' ? (
        <>
          <TableHeadLine name="IDT" head={d.idt} />
          <GateTable entries={d.idt.entries} />
        </>
      ) : d.tss ? (
        <>
          <TableHeadLine
            name={`TSS (selector ${d.tss.selector}, ${d.tss.format}-bit)`}
            head={d.tss}
          />
          <TssTable fields={d.tss.fields} />
        </>
      ) : (
        <Empty>TR holds the null selector: no TSS is loaded.</Empty>
      )}
    </Panel>
  );
}
