import { HEADER_FIELDS, type HeaderField } from '../fields.ts';
import type { TableContext } from './context.ts';
import { finding } from './finding.ts';
import { parseProjectPeriod } from './project-period.ts';
import type { Finding } from './types.ts';

const REQUIRED_HEADER: readonly HeaderField[] = ['projectName', 'department', 'implementingUnit', 'attribute', 'period'];

/** Required header fields, a readable 项目期, and a 总体目标. */
export function checkHeader(ctx: TableContext, out: Finding[]): void {
  const { header, goal } = ctx.table;
  for (const field of REQUIRED_HEADER) {
    if (!(header[field] ?? '').trim()) {
      out.push(finding('header.missing', `未填写${HEADER_FIELDS[field]}`, { kind: 'header', field }));
    }
  }
  const period = (header.period ?? '').trim();
  if (period && !parseProjectPeriod(period, ctx.year)) {
    out.push(
      finding(
        'header.period-format',
        `项目期「${period}」无法识别，应写成「2021年-2021年」「1年」或「99年」（长期）等形式`,
        { kind: 'header', field: 'period' },
      ),
    );
  }
  if (!goal.trim()) out.push(finding('goal.empty', '未填写年度总体绩效目标', { kind: 'goal' }));
}
