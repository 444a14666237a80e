import { BarChart, SankeyChart, TreemapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { type EChartsCoreOption, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([BarChart, SankeyChart, TreemapChart, GridComponent, TooltipComponent, SVGRenderer]);

/** An ECharts chart; `label` describes it for screen readers (the table beside it has the figures). */
export function Chart({ option, label, height = 420 }: { option: EChartsCoreOption; label: string; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = init(ref.current!, undefined, { renderer: 'svg' });
    // No animation: the figures show at once (and screenshots and tests see the final chart).
    chart.setOption({ animation: false, ...option });
    const resize = () => chart.resize();
    addEventListener('resize', resize);
    return () => {
      removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} role="img" aria-label={label} className="chart" style={{ height }} />;
}
