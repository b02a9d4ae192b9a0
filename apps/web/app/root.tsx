import type { MetaFunction } from '@remix-run/node';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from '@remix-run/react';
import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useEffect } from 'react';
import { TopBar } from './components/TopBar';
import { useNonce } from './lib/nonce';
// app.css comes inline with every page (entry.server): a first visit paints without waiting for it

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
        <Meta />
        <Links />
      </head>
      <body>
        <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#b4232a', borderRadius: 4 } }}>
          <AntApp>{children}</AntApp>
        </ConfigProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * Every route names its page in its own `meta` ("项目 · 绩效", "<项目名称> · 绩效"); this one is
 * the fallback for routes without one, and the title of the error page.
 */
export const meta: MetaFunction = ({ error }) => [
  { title: error ? `${describeError(error).title} · 绩效` : '绩效 · 预算绩效目标协同编制' },
];

/** lets browser tests (and support staff) tell a live page from server-rendered HTML */
function useHydratedMark() {
  useEffect(() => {
    document.body.dataset.hydrated = 'true';
  }, []);
}

export default function App() {
  useHydratedMark();
  return <Outlet />;
}

const HAN = /\p{Script=Han}/u;

/** Titles of the statuses a page may answer with; the messages of core's AppErrors are Chinese already. */
const STATUS: Record<number, { title: string; message: string }> = {
  400: { title: '请求有误', message: '提交的内容无法处理，请刷新页面后重试。' },
  403: { title: '没有权限', message: '您没有权限查看此页面。' },
  404: { title: '页面不存在', message: '您访问的页面不存在，可能是地址有误，或页面已被移除。' },
  410: { title: '项目已删除', message: '该项目已删除（已归档），如需恢复请联系单位管理员。' },
  413: { title: '内容过大', message: '提交的内容过大。' },
};

/**
 * What the error page says. A response thrown by a loader carries a Chinese message (core's
 * AppError via httpError) which is shown; Remix's own English texts ("No route matches URL")
 * and unexpected errors are replaced by Chinese ones. Details of an unexpected error appear in
 * development only.
 */
function describeError(error: unknown): { status: number; title: string; message: string; detail?: string } {
  if (isRouteErrorResponse(error)) {
    const known = STATUS[error.status] ?? {
      title: error.status >= 500 ? '服务器出错了' : '无法打开此页面',
      message: '请稍后重试；如果问题持续，请联系管理员。',
    };
    const text = typeof error.data === 'string' ? error.data : '';
    return { status: error.status, title: known.title, message: HAN.test(text) ? text : known.message };
  }
  return {
    status: 500,
    title: '页面出错了',
    message: '页面出错了，请稍后重试；如果问题持续，请联系管理员。',
    detail: import.meta.env.DEV && error instanceof Error ? (error.stack ?? error.message) : undefined,
  };
}

export function ErrorBoundary() {
  useHydratedMark();
  const { status, title, message, detail } = describeError(useRouteError());
  return (
    <>
      <TopBar />
      <div className="page">
        <Result
          status={status === 403 ? '403' : status === 404 || status === 410 ? '404' : status >= 500 ? '500' : 'warning'}
          title={
            <span data-testid="error-title">
              {status} {title}
            </span>
          }
          subTitle={<span data-testid="error-message">{message}</span>}
          extra={
            <Button type="primary" href="/" data-testid="error-home">
              返回项目列表
            </Button>
          }
        >
          {detail && <pre style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>{detail}</pre>}
        </Result>
      </div>
    </>
  );
}
