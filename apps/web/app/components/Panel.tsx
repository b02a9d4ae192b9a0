/**
 * A titled box in the look of antd's small Card, in plain markup: the editor's sections need no
 * card features (tabs, actions, loading), and antd's Card would bring its Tabs into the
 * editor's scripts.
 */
import type { ReactNode } from 'react';

export function Panel({ title, children, testId }: { title: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="panel" data-testid={testId}>
      <div className="panel-head">{title}</div>
      <div className="panel-body">{children}</div>
    </section>
  );
}
