/**
 * The parts of ECharts the dashboard uses (bar chart, grid, tooltip, legend, canvas), registered
 * once. Loaded with a dynamic import from the browser only: the server never renders a chart.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
