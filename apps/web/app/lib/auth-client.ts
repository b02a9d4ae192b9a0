/** Browser side of better-auth's email + password endpoints, with Chinese messages. */
export async function signIn(email: string, password: string): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    const res = await fetch('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: email.trim(), password }),
    });
    if (res.ok) return { ok: true };
    if (res.status === 429) return { ok: false, message: '尝试次数过多，请稍后再试' };
    if (res.status === 401 || res.status === 400) return { ok: false, message: '邮箱或密码错误' };
    return { ok: false, message: `登录失败（${res.status}）` };
  } catch {
    return { ok: false, message: '无法连接服务器，请检查网络' };
  }
}

export async function signOut(): Promise<void> {
  await fetch('/api/auth/sign-out', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
}
