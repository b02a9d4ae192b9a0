/**
 * A published table at /public/:id, without a session: the version that was approved and
 * published, in the official layout (PrintTable, A4 print CSS), with its 公开时间. Anything not
 * published is a Chinese 404 that leads back to the public list.
 */
import { PrinterOutlined } from '@ant-design/icons';
import type { LinksFunction, MetaFunction } from '@remix-run/node';
import { isRouteErrorResponse, useLoaderData, useRouteError } from '@remix-run/react';
import { Button, Result } from 'antd';
import { useEffect } from 'react';
import { PrintTable } from '../components/PrintTable';
import { PublicHeader } from '../components/public/PublicHeader';
import { beijingTime } from '../components/dashboard/beijing-time';
import printCss from '../styles/print.css?url';
import type { loader } from './public.$id.server';

export { loader } from './public.$id.server';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: printCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.published.name} · 预算绩效信息公开` : '未找到公开的绩效目标表 · 预算绩效信息公开' },
];

export default function PublicTable() {
  const { signedIn, published } = useLoaderData<typeof loader>();
  const publishedAt = beijingTime(published.publishedAt, false);
  return (
    <>
      <PublicHeader signedIn={signedIn} />
      {/* on screen the table sits on a sheet of paper; on paper it is the page */}
      <style>{'@media screen { .public-sheet { background: #fff; margin-top: 16px; margin-bottom: 32px; box-shadow: 0 1px 6px rgba(0, 0, 0, 0.1); padding-top: 20px; } }'}</style>
      <div className="print-page public-sheet">
        <div className="print-toolbar no-print">
          <a href="/public">← 返回公开目录</a>
          <span className="spacer" />
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-button">
            打印
          </Button>
        </div>
        <div
          className="no-print"
          style={{ fontSize: 13, color: '#555', margin: '0 0 12px', display: 'flex', gap: 16, flexWrap: 'wrap' }}
          data-testid="public-meta"
        >
          <span>实施单位：{published.unit}</span>
          <span>年度：{published.year}</span>
          <span>
            公开时间：<time dateTime={published.publishedAt}>{publishedAt}</time>
          </span>
        </div>
        <PrintTable table={published.table} />
        <p style={{ textAlign: 'right', fontSize: 12, marginTop: 8 }} data-testid="published-at">
          公开时间：{publishedAt}（北京时间）
        </p>
      </div>
    </>
  );
}

/** 404 (not published, or no such table) and anything else, in Chinese, without the app's chrome. */
export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  useEffect(() => {
    document.body.dataset.hydrated = 'true';
  }, []);
  return (
    <>
      <PublicHeader signedIn={false} />
      <Result
        status={notFound ? '404' : '500'}
        title={<span data-testid="error-title">{notFound ? '404 未找到公开的绩效目标表' : '页面出错了'}</span>}
        subTitle={
          <span data-testid="error-message">
            {notFound
              ? '该绩效目标表可能尚未公开、已撤回，或地址有误。'
              : '页面暂时无法打开，请稍后重试；如果问题持续，请联系管理员。'}
          </span>
        }
        extra={
          <Button type="primary" href="/public">
            返回公开目录
          </Button>
        }
      />
    </>
  );
}
