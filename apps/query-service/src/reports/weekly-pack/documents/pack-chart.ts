import * as echarts from 'echarts';
import { type WeeklyPack } from '@app/analytics/kpi/weekly-pack';

/**
 * The pack's volume chart (this week against the four before it) drawn on the server as SVG by
 * ECharts' server-side renderer: no browser, no canvas. Labels are week ids and counts only, so the
 * SVG needs no CJK font.
 */
export const volumeChartSvg = (pack: WeeklyPack, width = 480, height = 200): string => {
  const weeks = [...pack.volume.previous4Weeks].reverse();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      grid: { left: 40, right: 10, top: 20, bottom: 30 },
      xAxis: { type: 'category', data: [...weeks.map((w) => w.week), pack.week.id] },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          data: [
            ...weeks.map((w) => ({ value: w.count, itemStyle: { color: '#9aa9bb' } })),
            { value: pack.volume.count, itemStyle: { color: '#2f6fb0' } },
          ],
          label: { show: true, position: 'top' },
        },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
};
