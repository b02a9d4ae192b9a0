/**
 * A target table in the official layout as plain HTML, for the print view: title, 年度, 单位,
 * 项目基本信息, 年度总体绩效目标 and the indicator table with 一级/二级 merged over their rows.
 * Same grid as the xlsx export (HEADER_BLOCK, indicatorSpans from @jixiao/table). Parts of the
 * document that did not fit the schema are left out; a notice on screen (not on paper) says so.
 */
import {
  GOAL_LABEL,
  HEADER_BLOCK,
  INDICATOR_HEADS,
  TABLE_TITLE,
  type TableJSON,
  indicatorSpans,
  problemsNotice,
  safeTableJSON,
  yearLine,
} from '@jixiao/table';

/** Column widths of 一级 | 二级 | 三级 | 指标值, as in the xlsx export. */
const COLUMNS = ['13%', '17%', '44%', '26%'];

function Columns() {
  return (
    <colgroup>
      {COLUMNS.map((width) => (
        <col key={width} style={{ width }} />
      ))}
    </colgroup>
  );
}

export function PrintTable({ table: input }: { table: TableJSON }) {
  // only strings reach the page, whatever the loader handed over
  const table = safeTableJSON(input);
  const header = table.header;
  const spans = indicatorSpans(table.indicators);
  const notice = problemsNotice(table.problems);
  return (
    <article className="print-sheet" data-testid="print-sheet">
      {notice && (
        <p
          className="print-problems no-print"
          data-testid="print-problems"
          title={table.problems?.map((p) => `${p.path}：${p.message}`).join('\n')}
        >
          {notice}
        </p>
      )}
      <h1 className="print-title">{TABLE_TITLE}</h1>
      <div className="print-year">{yearLine(header.year)}</div>
      <div className="print-unit">单位：{header.moneyUnit ?? '万元'}</div>
      <table className="print-table print-header">
        <Columns />
        <tbody>
          {HEADER_BLOCK.map((row) => {
            if (row.kind === 'wide') {
              return (
                <tr key={row.field}>
                  <th scope="row">{row.label}</th>
                  <td colSpan={3}>{header[row.field] ?? ''}</td>
                </tr>
              );
            }
            if (row.kind === 'sections') {
              return (
                <tr key="sections">
                  <th colSpan={2}>{row.left}</th>
                  <th colSpan={2}>{row.right}</th>
                </tr>
              );
            }
            return (
              <tr key={`${row.left?.field}-${row.right?.field}`}>
                <th scope="row">{row.left?.label}</th>
                <td className="value">{row.left ? (header[row.left.field] ?? '') : ''}</td>
                <th scope="row">{row.right?.label}</th>
                <td className="value">{row.right ? (header[row.right.field] ?? '') : ''}</td>
              </tr>
            );
          })}
          <tr>
            <th scope="row">{GOAL_LABEL}</th>
            <td colSpan={3} className="goal" data-testid="print-goal">
              {table.goal}
            </td>
          </tr>
        </tbody>
      </table>
      <table className="print-table print-indicators" data-testid="print-indicators">
        <Columns />
        <thead>
          <tr>
            {INDICATOR_HEADS.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.indicators.map((row, i) => {
            const span = spans[i]!;
            return (
              <tr key={row.id ?? i}>
                {span.level1 > 0 && (
                  <td rowSpan={span.level1} className="level">
                    {row.level1}
                  </td>
                )}
                {span.level2 > 0 && (
                  <td rowSpan={span.level2} className="level">
                    {row.level2}
                  </td>
                )}
                <td>{row.name}</td>
                <td>{row.value}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </article>
  );
}
