import type { RangeFilter } from '../../../engine/range-filter.ts';

/** The ranges table's filters: privilege, rights, and virtual and physical ranges typed in hex. */
export function RangeFilters(props: {
  filter: RangeFilter;
  onChange(f: RangeFilter): void;
  virtError: string | null;
  physError: string | null;
}) {
  const { filter: f, onChange } = props;
  const set = (part: Partial<RangeFilter>) => onChange({ ...f, ...part });
  return (
    <div className="range-filters" role="group" aria-label="Filter ranges">
      <select
        aria-label="Privilege"
        value={f.privilege}
        onChange={(e) => set({ privilege: e.target.value as RangeFilter['privilege'] })}
      >
        <option value="any">user and kernel</option>
        <option value="user">user</option>
        <option value="kernel">kernel</option>
      </select>
      <label>
        <input
          type="checkbox"
          checked={f.writable}
          onChange={(e) => set({ writable: e.target.checked })}
        />
        writable
      </label>
      <label>
        <input
          type="checkbox"
          checked={f.executable}
          onChange={(e) => set({ executable: e.target.checked })}
        />
        executable
      </label>
      <input
        aria-label="Virtual range"
        placeholder="virtual start-end"
        spellCheck={false}
        value={f.virt}
        aria-invalid={props.virtError !== null}
        title={props.virtError ?? 'hex: one address, or start-end (end exclusive)'}
        onChange={(e) => set({ virt: e.target.value })}
      />
      <input
        aria-label="Physical range"
        placeholder="physical start-end"
        spellCheck={false}
        value={f.phys}
        aria-invalid={props.physError !== null}
        title={props.physError ?? 'hex: one address, or start-end (end exclusive)'}
        onChange={(e) => set({ phys: e.target.value })}
      />
      {(props.virtError || props.physError) && (
        <p className="input-error">{props.virtError ?? props.physError}</p>
      )}
    </div>
  );
}
