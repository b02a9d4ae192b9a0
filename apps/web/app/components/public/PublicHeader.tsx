/**
 * The masthead of the public pages (预算公开): no session, no app navigation — the title of the
 * disclosure, and a way in for staff.
 */
export function PublicHeader({ signedIn }: { signedIn: boolean }) {
  return (
    <header className="public-header no-print" style={{ background: '#b4232a', color: '#fff' }}>
      {/* on paper the masthead gives way to the table itself */}
      <style>{'@media print { .public-header { display: none; } }'}</style>
      <div
        style={{
          maxWidth: 1080,
          margin: '0 auto',
          padding: '14px 24px',
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          fontFamily: '-apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
        }}
      >
        <a href="/public" style={{ color: '#fff', textDecoration: 'none' }}>
          <div style={{ fontSize: 20, fontWeight: 600, letterSpacing: 2 }}>预算绩效信息公开</div>
          <div style={{ fontSize: 12, opacity: 0.85 }}>项目支出预算绩效目标表 · 经审核批复后依法公开</div>
        </a>
        <span style={{ flex: 1 }} />
        <a href={signedIn ? '/dashboard' : '/login'} style={{ color: '#fff', fontSize: 13, opacity: 0.9 }}>
          {signedIn ? '进入工作台' : '工作人员登录'}
        </a>
      </div>
    </header>
  );
}
