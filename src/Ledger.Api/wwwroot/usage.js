// Usage page: requests, tokens in/out and cost over time, and by model and provider, as SVG charts.
import { getOptional, ApiError } from './api.js';
import { el, money, compact, count } from './format.js';
import { timeChart, barList } from './charts.js';

let root, ctx;

export async function show(container, context) {
  root = container;
  ctx = context;
  if (!root.dataset.ready) build();
  await load();
}

export function hide() {}

function build() {
  root.dataset.ready = '1';
  const grouping = el('select', { testid: 'usage-group', onchange: load },
    el('option', { value: 'day' }, 'By day (last 30 days)'), el('option', { value: 'hour' }, 'By hour (last 48 hours)'));
  root.append(
    el('div', { class: 'panel-head' },
      el('div', {}, el('h1', { text: 'Usage' }),
        el('p', { class: 'muted', text: 'Requests, tokens and cost over time, and which models and providers consume them.' })),
      el('label', {}, 'Group', grouping)),
    el('div', { class: 'stats wide', testid: 'usage-totals' }),
    el('div', { class: 'charts', testid: 'usage-charts' }));
}

async function load() {
  const group = root.querySelector('[data-testid=usage-group]').value;
  const from = new Date(Date.now() - (group === 'hour' ? 48 * 3600e3 : 30 * 86400e3)).toISOString();
  let time, byModel, byProvider;
  try {
    [time, byModel, byProvider] = await Promise.all([
      getOptional(`/me/usage?group_by=${group}&from=${encodeURIComponent(from)}`),
      getOptional(`/me/usage?group_by=model&from=${encodeURIComponent(from)}`),
      getOptional(`/me/usage?group_by=provider&from=${encodeURIComponent(from)}`),
    ]);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) ctx.fail(e);
    return;
  }
  render(group, time, byModel, byProvider);
}

function label(group, g) {
  const d = new Date(g);
  if (Number.isNaN(d.getTime())) return String(g);
  return group === 'hour'
    ? d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
}

function figure(title, chart, testid) {
  return el('figure', { class: 'panel chart-card', testid }, el('figcaption', { text: title }), chart);
}

function render(group, time, byModel, byProvider) {
  const totals = root.querySelector('[data-testid=usage-totals]');
  const charts = root.querySelector('[data-testid=usage-charts]');
  const currency = time?.currency ?? ctx.currency;
  const t = time?.totals ?? {};
  totals.replaceChildren(
    stat('Requests', compact(t.requests), 'usage-total-requests'),
    stat('Tokens in', compact(t.tokens_in), 'usage-total-tokens-in'),
    stat('Tokens out', compact(t.tokens_out), 'usage-total-tokens-out'),
    stat('Cost', money(t.charged ?? 0, currency, { decimals: 4 }), 'usage-total-cost'));

  const series = time?.series ?? [];
  if (!time || series.length === 0) {
    charts.replaceChildren(el('div', { class: 'panel empty', testid: 'usage-empty' },
      el('p', { text: time ? 'No usage in this period yet — charts appear after the first request.'
        : 'Usage is not available on this gateway yet — charts appear here once it is.' })));
    return;
  }
  const labels = series.map(s => label(group, s.group));
  const top = Math.max(0, ...series.map(s => +s.charged));
  const money4 = (v) => money(v, currency, { decimals: top >= 1 ? 2 : 4 });
  // the ledger rounds charges to 6 decimals: a hover shows them whole
  const moneyExact = (v) => money(v, currency, { decimals: 6 });
  charts.replaceChildren(
    figure('Requests', timeChart({ labels, series: [{ name: 'Requests', cls: 'a', values: series.map(s => +s.requests) }],
      fmt: compact, exact: count, integers: true, title: 'Requests over time', testid: 'chart-requests' }), 'usage-requests'),
    figure('Tokens in and out', timeChart({ labels, series: [
      { name: 'Tokens in', cls: 'a', values: series.map(s => +s.tokens_in) },
      { name: 'Tokens out', cls: 'b', values: series.map(s => +s.tokens_out) }],
    fmt: compact, exact: count, integers: true, title: 'Tokens in and out over time', testid: 'chart-tokens' }), 'usage-tokens'),
    figure(`Cost (${currency})`, timeChart({ labels, kind: 'line', series: [{ name: 'Cost', cls: 'c', values: series.map(s => +s.charged) }],
      fmt: money4, exact: moneyExact, title: 'Cost over time', testid: 'chart-cost' }), 'usage-cost'),
    breakdown('By model', byModel, currency, 'chart-models', 'a'),
    breakdown('By provider', byProvider, currency, 'chart-providers', 'b'));
}

function breakdown(title, usage, currency, testid, cls) {
  const items = (usage?.series ?? []).map(s => ({ name: String(s.group), value: +s.charged, requests: +s.requests }))
    .sort((a, b) => b.value - a.value || b.requests - a.requests);
  if (items.length === 0) return figure(title, el('p', { class: 'muted', text: 'Nothing yet.' }), testid);
  return figure(`${title} — cost`, barList({ items, cls, title: `Cost ${title.toLowerCase()}`, testid,
    fmt: (v) => money(v, currency, { decimals: 4 }), exact: (v) => money(v, currency, { decimals: 6 }) }), `${testid}-card`);
}

function stat(name, value, testid) {
  return el('div', { class: 'stat' }, el('strong', { testid, text: value ?? count(0) }), el('span', { text: name }));
}
