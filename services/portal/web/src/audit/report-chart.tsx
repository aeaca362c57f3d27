import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from "chart.js";
import { useEffect, useRef } from "react";

// Only the parts drawn here, so the lazily loaded chunk stays small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLOURS = ["#0b57a4", "#c2410c", "#15803d", "#7e22ce"];

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

/**
 * A bar chart of a table shown next to it: the chart is for the eye, the table (and its data
 * attributes) carries the figures for screen readers and tests.
 */
export function ReportChart({
  title,
  labels,
  series,
  max,
}: {
  title: string;
  labels: string[];
  series: ChartSeries[];
  max?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current === null) return undefined;
    const chart = new Chart(canvas.current, {
      type: "bar",
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: COLOURS[i % COLOURS.length] ?? "#0b57a4",
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom" }, title: { display: false } },
        scales: { y: { beginAtZero: true, ...(max === undefined ? {} : { max }) } },
      },
    });
    return () => chart.destroy();
  }, [labels, series, max]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
    </figure>
  );
}
