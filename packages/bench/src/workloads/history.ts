/** The cold table's history: 10,000 small edits, as an editing session would have left them. */
import type { TableDoc } from '@jixiao/table';

export const HISTORY_UPDATES = 10_000;

/** Makes `updates` edits to `table`, each its own transaction (so its own update). */
export function writeHistory(table: TableDoc, updates = HISTORY_UPDATES): void {
  const rows: string[] = [];
  let made = 0;
  for (let i = 0; i < 40 && made < updates; i++, made++) rows.push(table.addIndicator({ level1: '产出指标', level2: '数量指标', name: `指标${i}` }));
  for (let i = made; made < updates; i++, made++) {
    const id = rows[i % rows.length]!;
    if (i % 3 === 0) table.setIndicatorText(id, 'value', `≥${i}万人`);
    else table.goal.insert(Math.min(table.goal.length, i % 97), String.fromCharCode(0x4e00 + (i % 500)));
  }
}
