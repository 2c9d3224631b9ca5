import type { TranslationView } from '../../../engine/views.ts';

/** The linear address split into the fields each level indexes with, most significant first. */
export function AddressBits(props: { t: TranslationView }) {
  return (
    <ol className="address-bits" aria-label="Address bits">
      {props.t.fields.map((f) => (
        <li
          key={f.name}
          className={`field field-${f.name.replace(' ', '-')}`}
          style={{ flexGrow: f.hi - f.lo + 1 }}
        >
          <span className="field-name">{f.name}</span>
          <span className="field-bits">
            {f.hi}:{f.lo}
          </span>
          <span className="field-value">{f.value}</span>
        </li>
      ))}
    </ol>
  );
}
