import { BarChart, LineChart, TreemapChart, type BarSeriesOption, type LineSeriesOption, type TreemapSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type MarkLineComponentOption, type TooltipComponentOption } from 'echarts/components';
import { init, use, type ComposeOption, type ECElementEvent, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, type CSSProperties } from 'react';

// Only the chart parts the supervision pages draw: the whole of ECharts would triple their size.
use([BarChart, LineChart, TreemapChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | TreemapSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption | TooltipComponentOption>;

interface ChartProps {
  option: ChartOption;
  height: number | string;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string;
  /** ECharts' built-in dark theme for the wall display. */
  dark?: boolean;
  onClick?: (params: ECElementEvent) => void;
  style?: CSSProperties;
  testId?: string;
}

/** An ECharts chart that follows its container's size and redraws when its option changes. */
export function Chart({ option, height, label, dark, onClick, style, testId }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  // On the wall display the page's own dark background shows through.
  const full = dark ? { backgroundColor: 'transparent', ...option } : option;
  const latest = useRef(full);
  latest.current = full;

  useEffect(() => {
    const el = box.current!;
    const c = init(el, dark ? 'dark' : undefined, { renderer: 'canvas' });
    c.setOption(latest.current);
    chart.current = c;
    // The container changes size with the window, the menu drawer and the grid's breakpoints.
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [dark]);

  useEffect(() => {
    chart.current?.setOption(latest.current, { notMerge: true });
  }, [option]);

  useEffect(() => {
    const c = chart.current;
    if (!c || !onClick) return;
    c.on('click', onClick);
    return () => {
      c.off('click', onClick);
    };
  }, [onClick, dark]);

  return <div ref={box} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height, ...style }} />;
}
