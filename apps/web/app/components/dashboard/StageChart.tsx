/**
 * Tables by stage per unit for one year: a horizontal stacked bar per unit (long Chinese unit
 * names read best down the side), one colour per stage in the order a table moves through them.
 * ECharts is loaded in the browser only; the server renders the frame and a table of the same
 * numbers for screen readers.
 */
import type { StageCount } from '@jixiao/core';
import { useEffect, useRef } from 'react';

type Status = StageCount['status'];
const STATUS_RANK: Record<Status, number> = { draft: 0, review: 1, approved: 2, published: 3 };
/** The default workflow's stages, then the states after it: the usual order of the legend. */
const KNOWN = ['单位填报', '主管部门审核', '财政审核', '批复', '审核中', '已批复', '已公开'];
const COLOURS: Record<string, string> = {
  单位填报: '#8c9bab',
  主管部门审核: '#d9a21b',
  财政审核: '#d4663a',
  批复: '#7b5ea7',
  审核中: '#c98f2c',
  已批复: '#3f8f6b',
  已公开: '#b4232a',
};
const FALLBACK = ['#4e79a7', '#59a14f', '#9c755f', '#76b7b2', '#edc948', '#bab0ac', '#af7aa1'];

export interface ChartData {
  units: string[];
  stages: { name: string; colour: string; counts: number[] }[];
}

/** The year's counts as unit rows × stage series, stages in the order tables pass them. */
export function chartData(rows: readonly StageCount[]): ChartData {
  const units = [...new Set(rows.map((r) => r.unit.name))];
  const rank = new Map<string, number>();
  for (const r of rows) {
    const known = KNOWN.indexOf(r.stage);
    const score = STATUS_RANK[r.status] * 100 + (known < 0 ? 50 : known);
    rank.set(r.stage, Math.min(rank.get(r.stage) ?? Number.POSITIVE_INFINITY, score));
  }
  const names = [...rank.keys()].sort((a, b) => rank.get(a)! - rank.get(b)! || a.localeCompare(b, 'zh-CN'));
  let spare = 0;
  const stages = names.map((name) => {
    const counts = units.map((u) => rows.filter((r) => r.unit.name === u && r.stage === name).reduce((n, r) => n + r.count, 0));
    return { name, colour: COLOURS[name] ?? FALLBACK[spare++ % FALLBACK.length]!, counts };
  });
  return { units, stages };
}

export function StageChart({ rows }: { rows: readonly StageCount[] }) {
  const box = useRef<HTMLDivElement>(null);
  const data = chartData(rows);
  const height = Math.max(220, data.units.length * 44 + 90);
  const key = JSON.stringify(data);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const { units, stages } = JSON.parse(key) as ChartData;
    let disposed = false;
    let dispose = () => {};
    import('./echarts').then(({ echarts }) => {
      if (disposed) return;
      const chart = echarts.init(el, undefined, { renderer: 'canvas' });
      chart.setOption({
        animationDuration: 300,
        textStyle: { fontFamily: '-apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif' },
        color: stages.map((s) => s.colour),
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
        grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1, name: '张', nameTextStyle: { color: '#888' }, splitLine: { lineStyle: { type: 'dashed' } } },
        yAxis: {
          type: 'category',
          inverse: true,
          data: units,
          axisTick: { show: false },
          axisLabel: { width: 200, overflow: 'truncate', fontSize: 12, color: '#333' },
        },
        series: stages.map((s) => ({
          name: s.name,
          type: 'bar',
          stack: 'tables',
          barMaxWidth: 22,
          emphasis: { focus: 'series' },
          label: { show: true, fontSize: 11, color: '#fff', formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
          data: s.counts,
        })),
      });
      const resize = new ResizeObserver(() => chart.resize());
      resize.observe(el);
      el.dataset.ready = 'true';
      dispose = () => {
        resize.disconnect();
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      dispose();
    };
  }, [key]);

  return (
    <figure style={{ margin: 0 }}>
      <div ref={box} style={{ width: '100%', height }} data-testid="stage-chart" role="img" aria-label="各单位绩效目标表所处环节（堆叠柱状图）" />
      <table style={visuallyHidden}>
        <caption>各单位绩效目标表所处环节</caption>
        <thead>
          <tr>
            <th>单位</th>
            {data.stages.map((s) => (
              <th key={s.name}>{s.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.units.map((u, i) => (
            <tr key={u}>
              <th>{u}</th>
              {data.stages.map((s) => (
                <td key={s.name}>{s.counts[i]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

const visuallyHidden: React.CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};
