// Small inline-SVG charts: vertical bars over time, grouped bars (in/out), a line, horizontal bars by category.
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, text) {
  const n = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  if (text !== undefined) n.textContent = text;
  return n;
}

/**
 * Axis ticks at 1, 2 or 5 × 10^k, about four steps of them, from 0 up to the first tick at or above
 * the largest value; whole numbers only when the values are counts.
 */
export function niceTicks(max, { integers = false } = {}) {
  if (!(max > 0)) return [0, 1];
  const rough = max / 4;
  const p = 10 ** Math.floor(Math.log10(rough));
  let step = [1, 2, 5, 10].map(m => m * p).find(m => m >= rough * (1 - 1e-12));
  if (integers) step = Math.max(1, Math.round(step));
  const ticks = [];
  for (let i = 0; ticks.length === 0 || ticks[ticks.length - 1] < max; i++) ticks.push(+(i * step).toPrecision(12));
  return ticks;
}

/**
 * A time chart. series: [{name, cls, values: number[]}]; kind 'bar' draws grouped bars, 'line' a polyline per series.
 * labels: one per point; fmt formats the axis, exact the value a bar or dot shows on hover;
 * integers keeps the axis on whole numbers (counts).
 */
export function timeChart({ labels, series, kind = 'bar', fmt = String, exact = fmt, integers = false, title, testid }) {
  const W = 640, H = 220, L = 66, R = 12, T = 14, B = 40;
  const ticks = niceTicks(Math.max(0, ...series.flatMap(s => s.values)), { integers });
  const max = ticks[ticks.length - 1];
  const w = W - L - R, h = H - T - B;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: `chart chart-${kind}`, role: 'img', 'aria-label': title, 'data-testid': testid });
  root.append(svg('title', {}, title));
  for (const tick of ticks) {
    const y = T + h - (h * tick) / max;
    root.append(svg('line', { x1: L, x2: W - R, y1: y, y2: y, class: 'grid' }));
    root.append(svg('text', { x: L - 6, y: y + 4, class: 'axis axis-y', 'text-anchor': 'end' }, fmt(tick)));
  }
  const n = Math.max(1, labels.length), step = w / n;
  const every = Math.ceil(n / 8);
  labels.forEach((label, i) => {
    if (i % every === 0)
      root.append(svg('text', { x: L + step * i + step / 2, y: H - B + 16, class: 'axis', 'text-anchor': 'middle' }, label));
  });
  if (kind === 'bar') {
    const groupW = step * 0.7, barW = groupW / series.length;
    series.forEach((s, si) => s.values.forEach((v, i) => {
      const bh = (h * v) / max;
      const x = L + step * i + (step - groupW) / 2 + barW * si;
      const rect = svg('rect', { x, y: T + h - bh, width: Math.max(1, barW - 1), height: Math.max(0, bh), class: `col ${s.cls}`, rx: 2 });
      rect.append(svg('title', {}, `${labels[i]} · ${s.name}: ${exact(v)}`));
      root.append(rect);
    }));
  } else {
    series.forEach((s) => {
      const pts = s.values.map((v, i) => `${L + step * i + step / 2},${T + h - (h * v) / max}`);
      root.append(svg('polyline', { points: pts.join(' '), class: `line ${s.cls}`, fill: 'none' }));
      s.values.forEach((v, i) => {
        const dot = svg('circle', { cx: L + step * i + step / 2, cy: T + h - (h * v) / max, r: 3, class: `dot ${s.cls}` });
        dot.append(svg('title', {}, `${labels[i]} · ${s.name}: ${exact(v)}`));
        root.append(dot);
      });
    });
  }
  if (series.length > 1) {
    let x = L;
    for (const s of series) {
      root.append(svg('rect', { x, y: H - 14, width: 10, height: 10, class: `swatch ${s.cls}`, rx: 2 }));
      root.append(svg('text', { x: x + 14, y: H - 5, class: 'legend' }, s.name));
      x += 20 + s.name.length * 7;
    }
  }
  return root;
}

/** Horizontal bars, one per category, labelled with name and value. */
export function barList({ items, fmt = String, exact = fmt, title, testid, cls = 'a' }) {
  const rowH = 30, W = 640, L = 150, R = 110;
  const H = Math.max(1, items.length) * rowH + 8;
  const max = Math.max(0, ...items.map(i => i.value)) || 1;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart chart-hbar', role: 'img', 'aria-label': title, 'data-testid': testid });
  root.append(svg('title', {}, title));
  items.forEach((item, i) => {
    const y = 4 + i * rowH;
    const bw = ((W - L - R) * item.value) / max;
    root.append(svg('text', { x: L - 8, y: y + 17, class: 'label', 'text-anchor': 'end' }, item.name));
    const bar = svg('rect', { x: L, y: y + 4, width: Math.max(2, bw), height: rowH - 10, class: `col ${cls}`, rx: 3 });
    bar.append(svg('title', {}, `${item.name}: ${exact(item.value)}`));
    root.append(bar);
    root.append(svg('text', { x: L + Math.max(2, bw) + 6, y: y + 17, class: 'value' }, fmt(item.value)));
  });
  return root;
}
