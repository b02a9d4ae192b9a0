import type { MetaFunction } from '@remix-run/node';
import { useLoaderData, useSearchParams } from '@remix-run/react';
import { Alert, Button, Card, Form, Input, Table, Typography } from 'antd';
import { useState } from 'react';
import { signIn } from '../lib/auth-client';
import { safeNext } from '../lib/safe-next';
import type { loader } from './login.server';

export { loader } from './login.server';

export const meta: MetaFunction = () => [{ title: '登录 · 绩效' }];

export default function Login() {
  const { demo, accounts } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const [form] = Form.useForm<{ email: string; password: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: { email: string; password: string }) {
    setBusy(true);
    setError(null);
    const result = await signIn(values.email, values.password);
    if (result.ok) {
      window.location.assign(safeNext(params.get('next')));
    } else {
      setError(result.message);
      setBusy(false);
    }
  }

  return (
    <div className="page" style={{ maxWidth: 880 }}>
      <Typography.Title level={2} style={{ color: '#b4232a', marginTop: 48 }}>
        绩效 · 预算绩效目标协同编制
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        预算绩效目标在线协同填报、审核与发布
        <br />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          Budget performance targets, drafted and reviewed together.
        </Typography.Text>
      </Typography.Paragraph>
      <Card title="登录" style={{ maxWidth: 420 }}>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label="邮箱" name="email" rules={[{ required: true, message: '请输入邮箱' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} block>
            登录
          </Button>
        </Form>
      </Card>
      {demo && (
        <Card title="演示账号（密码 jixiao-demo-2026）" style={{ marginTop: 24 }} size="small">
          <Table
            size="small"
            pagination={false}
            rowKey="email"
            dataSource={accounts}
            columns={[
              { title: '邮箱', dataIndex: 'email' },
              { title: '姓名', dataIndex: 'name' },
              { title: '单位', dataIndex: 'unit' },
              { title: '角色', dataIndex: 'roleLabel' },
              {
                title: '',
                render: (_, a) => (
                  <Button
                    size="small"
                    onClick={() => form.setFieldsValue({ email: a.email, password: 'jixiao-demo-2026' })}
                  >
                    填入
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
