import { getProject } from '@jixiao/core';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Card, Skeleton, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { ConnectionBar } from '../components/ConnectionBar';
import { GoalEditor } from '../components/GoalEditor';
import { HeaderForm } from '../components/HeaderForm';
import { IndicatorGrid } from '../components/IndicatorGrid';
import { TopBar } from '../components/TopBar';
import { httpError, requireActor, services } from '../context.server';
import { useCollab } from '../lib/use-collab';
import { topBarUser } from '../lib/top-bar-user.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.project.name} · 绩效` : '绩效' },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(context, request);
  const project = await getProject(services(context).db, actor, params.id ?? '').catch(httpError);
  return { project, me: { id: actor.user.id, name: actor.user.name }, user: topBarUser(actor) };
}

export default function ProjectPage() {
  const { project, me, user } = useLoaderData<typeof loader>();
  const readOnly = project.access !== 'edit';
  const stableMe = useMemo(() => ({ id: me.id, name: me.name }), [me.id, me.name]);
  const collab = useCollab(project.id, stableMe);

  return (
    <>
      <TopBar user={user} />
      <div className="page">
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
            <div>
              <Typography.Title level={3} style={{ margin: 0 }}>
                项目支出预算绩效目标表
              </Typography.Title>
              <Typography.Text type="secondary">
                {project.name} · {project.year}年度 · {project.unitName}
              </Typography.Text>
            </div>
            {collab && (
              <ConnectionBar state={collab.state} readOnly={readOnly} peers={collab.peers} notice={collab.notice} />
            )}
          </Space>
          {!collab || !collab.synced ? (
            <Card>
              <Skeleton active paragraph={{ rows: 8 }} />
              <Typography.Text type="secondary">正在加载表格…</Typography.Text>
            </Card>
          ) : (
            <>
              <Card title="项目基本信息" size="small">
                <HeaderForm table={collab.table} readOnly={readOnly} />
              </Card>
              <Card title="年度总体绩效目标" size="small">
                <GoalEditor table={collab.table} readOnly={readOnly} peers={collab.peers} onFocus={collab.setFocus} />
              </Card>
              <Card title="绩效指标" size="small" data-version={collab.version}>
                <IndicatorGrid table={collab.table} readOnly={readOnly} peers={collab.peers} onFocus={collab.setFocus} />
              </Card>
            </>
          )}
        </Space>
      </div>
    </>
  );
}
