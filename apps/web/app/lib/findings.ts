/** Rule findings indexed by where they point, for cell markers and the checklist. */
import type { Finding, TableJSON } from '@jixiao/table';

export type Severity = Finding['severity'];

export interface Marker {
  severity: Severity;
  messages: string[];
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function worst(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Key of the cell a finding marks: `row:<id>:<field>`, `header:<field>`, `goal`, `group:<l1>/<l2>`. */
export function findingKey(f: Finding, table: TableJSON): string {
  const t = f.target;
  switch (t.kind) {
    case 'indicator':
      return `row:${t.id ?? table.indicators[t.index]?.id ?? t.index}:${t.field ?? 'value'}`;
    case 'header':
      return `header:${t.field}`;
    case 'goal':
      return 'goal';
    case 'group':
      return `group:${t.level1}/${t.level2}`;
  }
}

export function markersOf(findings: Finding[], table: TableJSON): Map<string, Marker> {
  const out = new Map<string, Marker>();
  for (const f of findings) {
    const key = findingKey(f, table);
    const m = out.get(key);
    if (m) {
      m.severity = worst(m.severity, f.severity);
      m.messages.push(f.message);
    } else {
      out.set(key, { severity: f.severity, messages: [f.message] });
    }
  }
  return out;
}

/** Bring the cell of a finding into view and focus it. */
export function jumpTo(key: string): void {
  const selector = key.startsWith('row:')
    ? `[data-finding-key="${CSS.escape(key)}"] input, [data-finding-key="${CSS.escape(key)}"] textarea`
    : `[data-finding-key="${CSS.escape(key)}"]`;
  const el = document.querySelector<HTMLElement>(selector) ?? document.querySelector<HTMLElement>(`[data-finding-key="${CSS.escape(key)}"]`);
  if (!el) return;
  el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  const focusable = el.matches('input, textarea') ? el : el.querySelector<HTMLElement>('input, textarea');
  focusable?.focus({ preventScroll: true });
  const box = el.closest<HTMLElement>('[data-finding-key]') ?? el;
  box.classList.add('flash');
  setTimeout(() => box.classList.remove('flash'), 1200);
}
