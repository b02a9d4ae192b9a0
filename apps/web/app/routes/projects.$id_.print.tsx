/**
 * The print view of a project's table at /projects/:id/print: rendered on the server from the
 * stored document (no websocket), in the official layout, with print CSS for A4. The trailing
 * underscore in the file name keeps it out of the editor's layout (projects.$id.tsx).
 */
import { PrinterOutlined } from '@ant-design/icons';
import type { LinksFunction, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Button } from 'antd';
import { PrintTable } from '../components/PrintTable';
import printCss from '../styles/print.css?url';
import type { loader } from './projects.$id_.print.server';

export { loader } from './projects.$id_.print.server';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: printCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.table.header.projectName || data.project.name} · 打印 · 绩效` : '打印 · 绩效' },
];

export default function PrintPage() {
  const { project, table } = useLoaderData<typeof loader>();
  return (
    <div className="print-page">
      <div className="print-toolbar no-print">
        <a href={`/projects/${project.id}`}>返回编辑</a>
        <span className="spacer" />
        <a href={`/api/projects/${project.id}/export.xlsx`} download>
          导出 Excel
        </a>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-button">
          打印
        </Button>
      </div>
      <PrintTable table={table} />
    </div>
  );
}
