import type { ReactNode } from 'react';

/** A titled panel: every view sits in one, so the layout can place them uniformly. */
export function Panel(props: {
  title: string;
  /** Stable name for styles and tests (`data-panel`). */
  name: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      className={`panel panel-${props.name}`}
      data-panel={props.name}
      aria-label={props.title}
    >
      <header className="panel-head">
        <h2>{props.title}</h2>
        {props.actions && <div className="panel-actions">{props.actions}</div>}
      </header>
      <div className="panel-body">{props.children}</div>
    </section>
  );
}

/** What a panel says before there is anything to show. */
export function Empty(props: { children: ReactNode }) {
  return <p className="empty">{props.children}</p>;
}
