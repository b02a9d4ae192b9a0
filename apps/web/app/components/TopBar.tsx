import { Link, useLocation } from '@remix-run/react';
import { Button, Space, Tag } from 'antd';
import { signOut } from '../lib/auth-client';
import { NotificationBell } from './review/NotificationBell';

export interface TopBarUser {
  name: string;
  email: string;
  roles: string[];
  isAdmin: boolean;
}

/** The sections of the app; admin pages only for admins. `match` tells when a link is the current page. */
const NAV: { to: string; label: string; admin?: boolean; match: (path: string) => boolean }[] = [
  { to: '/dashboard', label: '工作台', match: (p) => p === '/dashboard' },
  { to: '/', label: '项目', match: (p) => p === '/' || p.startsWith('/projects/') || p === '/import' },
  { to: '/admin', label: '管理', admin: true, match: (p) => p === '/admin' },
  { to: '/admin/workflows', label: '流程', admin: true, match: (p) => p.startsWith('/admin/workflows') },
  { to: '/admin/audit', label: '审计', admin: true, match: (p) => p.startsWith('/admin/audit') },
];

/** The app's top bar; without a user (error pages) it shows the brand and the way home only. */
export function TopBar({ user, children }: { user?: TopBarUser; children?: React.ReactNode }) {
  const { pathname } = useLocation();
  const links = user ? NAV.filter((n) => !n.admin || user.isAdmin) : NAV.filter((n) => n.to === '/');
  return (
    <div className="topbar">
      <Link to="/" className="brand">
        绩效
      </Link>
      <nav className="topbar-nav" aria-label="主导航" style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
        {links.map((n) => {
          const current = n.match(pathname);
          return (
            <Link
              key={n.to}
              to={n.to}
              aria-current={current ? 'page' : undefined}
              style={current ? { fontWeight: 600, boxShadow: 'inset 0 -2px 0 currentColor', paddingBottom: 2 } : { paddingBottom: 2 }}
            >
              {n.label}
            </Link>
          );
        })}
      </nav>
      {children}
      <span className="spacer" />
      {user && <UserArea user={user} />}
    </div>
  );
}

function UserArea({ user }: { user: TopBarUser }) {
  return (
    <>
      <Space size={4} wrap>
        {user.roles.map((r) => (
          <Tag key={r}>{r}</Tag>
        ))}
      </Space>
      <NotificationBell />
      <span data-testid="current-user">{user.name}</span>
      <Button
        size="small"
        onClick={async () => {
          await signOut();
          window.location.assign('/login');
        }}
      >
        退出
      </Button>
    </>
  );
}
