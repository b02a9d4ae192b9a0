import { Link } from '@remix-run/react';
import { Button, Space, Tag } from 'antd';
import { signOut } from '../lib/auth-client';
import { NotificationBell } from './review/NotificationBell';

export interface TopBarUser {
  name: string;
  email: string;
  roles: string[];
  isAdmin: boolean;
}

/** The app's top bar; without a user (error pages) it shows the brand and the way home only. */
export function TopBar({ user, children }: { user?: TopBarUser; children?: React.ReactNode }) {
  return (
    <div className="topbar">
      <Link to="/" className="brand">
        绩效
      </Link>
      <Link to="/">项目</Link>
      {user?.isAdmin && <Link to="/admin">管理</Link>}
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
