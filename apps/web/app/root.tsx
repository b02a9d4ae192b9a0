import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from '@remix-run/react';
import { App as AntApp, ConfigProvider, Result } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useEffect } from 'react';
import { useNonce } from './lib/nonce';
import './app.css';

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>绩效 · 预算绩效目标协同编制</title>
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

export default function App() {
  // lets browser tests (and support staff) tell a live page from server-rendered HTML
  useEffect(() => {
    document.body.dataset.hydrated = 'true';
  }, []);
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = isRouteErrorResponse(error)
    ? String(error.data || error.statusText)
    : '页面出错了，请稍后重试 (unexpected error)';
  return (
    <Result
      status={status === 403 ? '403' : status === 404 ? '404' : 'error'}
      title={status}
      subTitle={message}
      extra={<a href="/">返回项目列表</a>}
    />
  );
}
