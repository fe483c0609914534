// partystats serve: small bar charts drawn as inline SVG from the API's figures.
// Drawing only: every value comes from the JSON the command line prints.
"use strict";
const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const COLOURS = ["#9b1c1c", "#d08c2c"];

  function node(name, attributes, text) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attributes || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // Horizontal bars: rows [{label, values: [number…], text: "shown at the end"}];
  // series names for a legend when there is more than one value per row.
  function bars(container, rows, options) {
    const opts = Object.assign({ width: 460, series: [] }, options || {});
    const perRow = Math.max(1, ...rows.map(r => r.values.length));
    const barHeight = perRow > 1 ? 9 : 14, gap = 6, labelWidth = 96, textWidth = 86;
    const rowHeight = perRow * barHeight + gap;
    const legend = opts.series.length > 1 ? 20 : 0;
    const height = legend + rows.length * rowHeight + 4;
    const max = opts.max || Math.max(1e-9, ...rows.flatMap(r => r.values.filter(v => v !== null)));
    const plot = opts.width - labelWidth - textWidth;
    const svg = node("svg", { width: opts.width, height, viewBox: `0 0 ${opts.width} ${height}`, role: "img",
      "font-size": "12", "font-family": "sans-serif" });
    opts.series.forEach((name, i) => {
      if (opts.series.length < 2) return;
      svg.appendChild(node("rect", { x: labelWidth + i * 110, y: 4, width: 12, height: 10, fill: COLOURS[i % 2] }));
      svg.appendChild(node("text", { x: labelWidth + i * 110 + 16, y: 13 }, name));
    });
    rows.forEach((row, r) => {
      const top = legend + r * rowHeight;
      svg.appendChild(node("text", { x: labelWidth - 6, y: top + rowHeight / 2 + 2, "text-anchor": "end" }, row.label));
      row.values.forEach((value, i) => {
        const w = value === null ? 0 : Math.max(0, plot * value / max);
        svg.appendChild(node("rect", { x: labelWidth, y: top + i * barHeight, width: w.toFixed(1),
          height: barHeight - 1, fill: COLOURS[i % 2] }));
      });
      svg.appendChild(node("text", { x: opts.width - textWidth + 4, y: top + rowHeight / 2 + 2 }, row.text));
    });
    container.replaceChildren(svg);
  }

  return { bars };
})();
