import type { Doubt, Finding, ImportedSelfEvaluation, ParsedValue, TableJSON } from '@jixiao/table';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Input,
  InputNumber,
  List,
  Progress,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { TopBar } from '../components/TopBar';
import type { loader } from './import.server';

export { loader } from './import.server';

export const meta: MetaFunction = () => [{ title: '导入 · 绩效' }];

/** One table of POST /api/import/preview. */
interface PreviewTable {
  header: Omit<TableJSON['header'], 'moneyUnit'>;
  moneyUnit: '万元' | '元';
  money: Array<{ field: string; label: string; amount: string }>;
  goal: string;
  indicators: Array<{ level1: string; level2: string; name: string; value: string; parsed: ParsedValue | null }>;
  findings: Finding[];
  doubts: Doubt[];
  source: { startLine: number; endLine: number; sheet?: string };
}
interface Preview {
  tables: PreviewTable[];
  selfEvaluations: ImportedSelfEvaluation[];
  doubts: Doubt[];
}
interface Created {
  id: string;
  name: string;
  year: number;
}

type Stage = 'input' | 'parsing' | 'preview' | 'creating' | 'done';
const STEP: Record<Stage, number> = { input: 0, parsing: 0, preview: 1, creating: 2, done: 3 };

const KIND_LABEL: Record<string, string> = {
  quantitative: '定量',
  deadline: '时限',
  qualitative: '定性',
  compound: '复合',
  empty: '空',
};
const SEVERITY: Record<string, { color: string; label: string }> = {
  error: { color: 'red', label: '错误' },
  warning: { color: 'orange', label: '提醒' },
  info: { color: 'blue', label: '提示' },
};

async function errorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // not JSON
  }
  return `请求失败（HTTP ${res.status}）`;
}

function toTable(t: PreviewTable): TableJSON {
  return {
    header: { ...t.header, moneyUnit: t.moneyUnit },
    goal: t.goal,
    indicators: t.indicators.map(({ level1, level2, name, value }) => ({ level1, level2, name, value })),
  };
}

export default function ImportPage() {
  const { user, creatable, year } = useLoaderData<typeof loader>();
  const [stage, setStage] = useState<Stage>('input');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string>();
  const [error, setError] = useState<string>();
  const [preview, setPreview] = useState<Preview>();
  const [chosen, setChosen] = useState<boolean[]>([]);
  const [unitId, setUnitId] = useState(creatable[0]?.value);
  const [fallbackYear, setFallbackYear] = useState<number>(year);
  const [created, setCreated] = useState<Created[]>([]);

  const runPreview = async (body: BodyInit, contentType?: string) => {
    setStage('parsing');
    setError(undefined);
    setPreview(undefined);
    try {
      const res = await fetch('/api/import/preview', {
        method: 'POST',
        body,
        headers: contentType ? { 'content-type': contentType } : undefined,
      });
      if (!res.ok) throw new Error(await errorMessage(res));
      const data = (await res.json()) as Preview;
      setPreview(data);
      setChosen(data.tables.map(() => true));
      setStage('preview');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setStage('input');
    }
  };

  const create = async () => {
    if (!preview || !unitId) return;
    const tables = preview.tables.filter((_, i) => chosen[i]).map(toTable);
    setStage('creating');
    setError(undefined);
    try {
      const res = await fetch('/api/import/projects', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ unitId, year: fallbackYear, tables }),
      });
      if (!res.ok) throw new Error(await errorMessage(res));
      setCreated((await res.json()) as Created[]);
      setStage('done');
    } catch (e) {
      setError(`创建失败，未创建任何项目：${e instanceof Error ? e.message : String(e)}`);
      setStage('preview');
    }
  };

  const selected = chosen.filter(Boolean).length;
  const needsYear = preview?.tables.some((t, i) => chosen[i] && !t.header.year) ?? false;

  return (
    <>
      <TopBar user={user} />
      <div className="page">
        <Card title="导入绩效目标表" extra={<Link to="/">返回项目列表</Link>}>
          <Space direction="vertical" style={{ width: '100%' }} size="large">
            <Steps
              size="small"
              current={STEP[stage]}
              status={error ? 'error' : stage === 'parsing' || stage === 'creating' ? 'process' : undefined}
              items={[{ title: '解析中' }, { title: '预览' }, { title: '创建中' }, { title: '完成' }]}
            />
            {error && <Alert type="error" showIcon message={error} data-testid="import-error" />}
            {stage !== 'done' && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text>粘贴公开的绩效目标表文字，或上传 .txt / .xlsx 文件（最大 5 MB）：</Typography.Text>
                <Input.TextArea
                  data-testid="import-text"
                  aria-label="表格文字"
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  autoSize={{ minRows: 6, maxRows: 16 }}
                  placeholder="项目名称	……&#10;一级指标	二级指标	三级指标	指标值"
                />
                <Space wrap>
                  <Button
                    type="primary"
                    data-testid="import-preview"
                    disabled={!text.trim()}
                    loading={stage === 'parsing'}
                    onClick={() => runPreview(text, 'text/plain; charset=utf-8')}
                  >
                    解析并预览
                  </Button>
                  <Upload
                    accept=".txt,.xlsx,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    showUploadList={false}
                    beforeUpload={(file) => {
                      setFileName(file.name);
                      const form = new FormData();
                      form.append('file', file, file.name);
                      void runPreview(form);
                      return false;
                    }}
                  >
                    <Button data-testid="import-upload">上传文件…</Button>
                  </Upload>
                  {fileName && <Typography.Text type="secondary">{fileName}</Typography.Text>}
                </Space>
              </Space>
            )}
          </Space>
        </Card>

        {preview && stage !== 'done' && (
          <>
            {preview.doubts.length > 0 && (
              <Alert
                style={{ marginTop: 16 }}
                type="warning"
                showIcon
                message="需要核对的地方"
                description={<DoubtList doubts={preview.doubts} />}
              />
            )}
            {preview.tables.length === 0 && preview.selfEvaluations.length === 0 && (
              <Empty style={{ marginTop: 16 }} description="没有识别出表格" />
            )}
            {preview.tables.map((t, i) => (
              <TableCard
                key={`${t.source.startLine}-${i}`}
                table={t}
                checked={chosen[i] ?? false}
                onCheck={(v) => setChosen((c) => c.map((x, k) => (k === i ? v : x)))}
              />
            ))}
            {preview.selfEvaluations.map((s) => (
              <SelfEvalCard key={s.source.startLine} table={s} />
            ))}
            {preview.tables.length > 0 && (
              <Card style={{ marginTop: 16 }} title="创建项目">
                {creatable.length === 0 ? (
                  <Alert type="info" showIcon message="您不是任何单位的填报人，不能创建项目" />
                ) : (
                  <Space wrap align="center">
                    <span>实施单位</span>
                    <Select
                      aria-label="实施单位"
                      data-testid="import-unit"
                      style={{ minWidth: 240 }}
                      options={creatable}
                      value={unitId}
                      onChange={setUnitId}
                    />
                    {needsYear && (
                      <>
                        <span>年度（表中未写年度时）</span>
                        <InputNumber min={2000} max={2100} value={fallbackYear} onChange={(v) => setFallbackYear(v ?? year)} />
                      </>
                    )}
                    <Button
                      type="primary"
                      data-testid="import-create"
                      disabled={selected === 0 || !unitId}
                      loading={stage === 'creating'}
                      onClick={create}
                    >
                      创建项目（{selected} 个）
                    </Button>
                  </Space>
                )}
                {stage === 'creating' && <Progress percent={60} status="active" showInfo={false} style={{ marginTop: 12 }} />}
              </Card>
            )}
          </>
        )}

        {stage === 'done' && (
          <Card style={{ marginTop: 16 }} title="完成" data-testid="import-done">
            <Progress percent={100} />
            <Typography.Paragraph>已创建 {created.length} 个项目：</Typography.Paragraph>
            <List
              dataSource={created}
              renderItem={(p) => (
                <List.Item>
                  <Link to={`/projects/${p.id}`}>{p.name}</Link>
                  <span>{p.year} 年</span>
                </List.Item>
              )}
            />
            <Space>
              <Link to="/">返回项目列表</Link>
              <Button
                onClick={() => {
                  setStage('input');
                  setPreview(undefined);
                  setText('');
                  setFileName(undefined);
                }}
              >
                继续导入
              </Button>
            </Space>
          </Card>
        )}
      </div>
    </>
  );
}

function DoubtList({ doubts }: { doubts: Doubt[] }) {
  return (
    <ul className="import-doubts" data-testid="import-doubts">
      {doubts.map((d, k) => (
        <li key={`${d.line}-${k}`}>
          <Tag color="gold">第 {d.line} 行</Tag>
          {d.message}
          {d.text.trim() && <Typography.Text type="secondary"> 「{d.text.trim().slice(0, 60)}」</Typography.Text>}
        </li>
      ))}
    </ul>
  );
}

function TableCard({ table, checked, onCheck }: { table: PreviewTable; checked: boolean; onCheck: (v: boolean) => void }) {
  const flagged = new Set(
    table.findings.flatMap((f) => (f.target.kind === 'indicator' ? [f.target.index] : [])),
  );
  const h = table.header;
  return (
    <Card
      style={{ marginTop: 16 }}
      data-testid="import-table"
      title={
        <Checkbox checked={checked} onChange={(e) => onCheck(e.target.checked)}>
          {h.projectName || '（未识别项目名称）'}
        </Checkbox>
      }
      extra={
        <Space>
          <Tag>{h.year ? `${h.year} 年` : '年度未知'}</Tag>
          <Tag color="blue">金额单位：{table.moneyUnit}</Tag>
          <Typography.Text type="secondary">
            {table.source.sheet ? `工作表「${table.source.sheet}」` : ''}第 {table.source.startLine}–{table.source.endLine} 行
          </Typography.Text>
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
        <Descriptions.Item label="主管部门">{h.department}</Descriptions.Item>
        <Descriptions.Item label="实施单位">{h.implementingUnit}</Descriptions.Item>
        <Descriptions.Item label="项目属性">{h.attribute}</Descriptions.Item>
        <Descriptions.Item label="项目期">{h.period}</Descriptions.Item>
        {table.money.map((m) => (
          <Descriptions.Item key={m.field} label={m.label}>
            {m.amount} {table.moneyUnit}
          </Descriptions.Item>
        ))}
        <Descriptions.Item label="年度总体绩效目标" span={3}>
          {table.goal}
        </Descriptions.Item>
      </Descriptions>
      {table.doubts.length > 0 && (
        <Alert style={{ marginTop: 12 }} type="warning" showIcon message={`需要核对（${table.doubts.length}）`} description={<DoubtList doubts={table.doubts} />} />
      )}
      {table.findings.length > 0 && (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          message={`规则检查（${table.findings.length}）`}
          description={
            <ul className="import-findings">
              {table.findings.map((f, k) => (
                <li key={`${f.rule}-${k}`}>
                  <Tag color={SEVERITY[f.severity]?.color}>{SEVERITY[f.severity]?.label ?? f.severity}</Tag>
                  {f.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Table
        style={{ marginTop: 12 }}
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={table.indicators.map((r, i) => ({ ...r, i }))}
        rowClassName={(r) => (flagged.has(r.i) ? 'import-row-flagged' : '')}
        columns={[
          { title: '一级指标', dataIndex: 'level1', width: 110 },
          { title: '二级指标', dataIndex: 'level2', width: 140 },
          { title: '三级指标', dataIndex: 'name' },
          { title: '指标值', dataIndex: 'value', width: 200 },
          {
            title: '解析',
            dataIndex: 'parsed',
            width: 80,
            render: (p: ParsedValue | null) => (p ? <Tag>{KIND_LABEL[p.kind] ?? p.kind}</Tag> : null),
          },
        ]}
      />
    </Card>
  );
}

function SelfEvalCard({ table }: { table: ImportedSelfEvaluation }) {
  return (
    <Card
      style={{ marginTop: 16 }}
      data-testid="import-self-eval"
      title={`绩效自评表：${table.header.projectName ?? table.title}`}
      extra={<Tag>{table.kind === 'project' ? '项目支出绩效自评表' : '转移支付区域绩效目标自评表'}</Tag>}
    >
      <Typography.Paragraph type="secondary">绩效自评表只作预览，暂不能创建为项目。</Typography.Paragraph>
      <Descriptions size="small" bordered column={1}>
        {table.funding.map((f) => (
          <Descriptions.Item key={f.label} label={f.label}>
            {[f.initialBudget && `年初预算 ${f.initialBudget}`, f.budget && `全年预算 ${f.budget}`, f.executed && `全年执行 ${f.executed}`, f.rate && `执行率 ${f.rate}`]
              .filter(Boolean)
              .join('；')}
          </Descriptions.Item>
        ))}
        {table.total && <Descriptions.Item label="总分">{table.total.score}</Descriptions.Item>}
      </Descriptions>
      {table.doubts.length > 0 && <Alert style={{ marginTop: 12 }} type="warning" showIcon message="需要核对" description={<DoubtList doubts={table.doubts} />} />}
      <Table
        style={{ marginTop: 12 }}
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={table.indicators}
        columns={[
          { title: '一级', dataIndex: 'level1', width: 100 },
          { title: '二级', dataIndex: 'level2', width: 130 },
          { title: '三级指标', dataIndex: 'name' },
          { title: '指标值', dataIndex: 'value', width: 160 },
          { title: '全年实际完成值', dataIndex: 'actual', width: 220 },
          { title: '分值', dataIndex: 'weight', width: 60 },
          { title: '得分', dataIndex: 'score', width: 60 },
        ]}
      />
    </Card>
  );
}
