"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface HistogramBar {
  label: string;
  count: number;
}

/** Bars of a score distribution; `countLabel` names the y values in the tooltip ("alunos"). */
export function ScoreHistogram({ bars, countLabel, title }: { bars: HistogramBar[]; countLabel: string; title: string }) {
  return (
    <figure aria-label={title} className="h-56 w-full" data-testid="score-histogram">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} margin={{ top: 8, right: 8, bottom: 0, left: -24 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#475569" }} interval="preserveStartEnd" tickLine={false} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#475569" }} tickLine={false} axisLine={false} />
          <Tooltip cursor={{ fill: "#fff7ed" }} formatter={(value) => [value, countLabel]} />
          <Bar dataKey="count" fill="#c2410c" radius={[4, 4, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
