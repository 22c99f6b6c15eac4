// Activity page, like the seed's activity panel: one row per request, newest first, polled every 2 s.
import { get, getOptional, ApiError } from './api.js';
import { el, cost, count, compact, time } from './format.js';

const POLL_MS = 2000;
let root, ctx, timer = null, seen = new Set(), first = true, missing = false;
const $ = (id) => document.getElementById(id);

const ranges = [
  ['1h', 'Last hour', 3600e3], ['24h', 'Last 24 hours', 86400e3], ['7d', 'Last 7 days', 7 * 86400e3],
  ['30d', 'Last 30 days', 30 * 86400e3], ['all', 'All time', null],
];
const statuses = [['', 'Any status'], ['200', '200 OK'], ['402', '402 Payment required'], ['429', '429 Rate limited'],
  ['400', '400 Bad request'], ['502', '502 Provider error'], ['503', '503 Unavailable']];

export async function show(container, context) {
  root = container;
  ctx = context;
  if (!root.dataset.ready) build();
  seen = new Set();
  first = true;
  await refresh();
  schedule();
}

export function hide() {
  clearTimeout(timer);
  timer = null;
}

function schedule() {
  clearTimeout(timer);
  // an endpoint this gateway does not have yet would only answer 404 again
  if (!missing) timer = setTimeout(async () => { await refresh(); if (timer) schedule(); }, POLL_MS);
}

function select(testid, name, options) {
  return el('label', {}, name,
    el('select', { testid, onchange: () => { seen = new Set(); first = true; refresh(); } },
      options.map(([v, label]) => el('option', { value: v }, label))));
}

function build() {
  root.dataset.ready = '1';
  root.append(
    el('div', { class: 'panel-head' },
      el('div', {}, el('h1', { text: 'Activity' }),
        el('p', { class: 'muted', text: 'Every request with its cost, tokens, model, provider and latency. New requests appear on their own.' })),
      el('div', { class: 'stats' },
        el('div', { class: 'stat' }, el('strong', { testid: 'activity-requests', text: '0' }), el('span', { text: 'Requests' })),
        el('div', { class: 'stat' }, el('strong', { testid: 'activity-tokens', text: '0' }), el('span', { text: 'Tokens' })),
        el('div', { class: 'stat' }, el('strong', { testid: 'activity-cost', text: '—' }), el('span', { text: 'Cost' })))),
    el('form', { class: 'filters', testid: 'activity-filters', onsubmit: (e) => e.preventDefault() },
      select('filter-range', 'Time range', ranges.map(([v, l]) => [v, l])),
      select('filter-model', 'Model', [['', 'All models']]),
      select('filter-provider', 'Provider', [['', 'All providers']]),
      select('filter-status', 'Status', statuses)),
    el('div', { class: 'panel', id: 'activity-box' },
      el('table', { class: 'table activity', testid: 'activity-table' },
        el('thead', {}, el('tr', {}, ['Status', 'Model', 'Provider', 'Tokens', 'Cost', 'Latency', 'Key', 'Time']
          .map(h => el('th', { text: h })))),
        el('tbody', { id: 'activity-rows' })),
      el('div', { id: 'activity-empty', class: 'empty', testid: 'activity-empty', hidden: true })));
  root.querySelector('[data-testid=filter-range]').value = '24h';
  loadModels();
}

async function loadModels() {
  try {
    const models = (await get('/v1/models')).data ?? [];
    addOptions('filter-model', models.map(m => m.id));
  } catch { /* the list is a convenience; models also appear as rows arrive */ }
}

function addOptions(testid, values) {
  const s = root.querySelector(`[data-testid=${testid}]`);
  const have = new Set([...s.options].map(o => o.value));
  for (const v of values) if (v && !have.has(v)) { s.append(el('option', { value: v }, v)); have.add(v); }
}

function query() {
  const v = (id) => root.querySelector(`[data-testid=${id}]`).value;
  const q = new URLSearchParams({ limit: '100' });
  const range = ranges.find(r => r[0] === v('filter-range'));
  if (range?.[2]) q.set('from', new Date(Date.now() - range[2]).toISOString());
  for (const [id, name] of [['filter-model', 'model'], ['filter-provider', 'provider'], ['filter-status', 'status']])
    if (v(id)) q.set(name, v(id));
  return q;
}

async function refresh() {
  if (!root || root.hidden) return;
  let page;
  try {
    page = await getOptional(`/me/activity?${query()}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return hide();
    ctx.fail(e);
    return;
  }
  missing = page === null;
  render(page?.data ?? [], missing);
}

function render(rows, unavailable) {
  addOptions('filter-model', rows.map(r => r.model));
  addOptions('filter-provider', rows.map(r => r.provider));
  const body = $('activity-rows');
  body.replaceChildren(...rows.map(r => {
    const fresh = !first && !seen.has(r.request_id);
    seen.add(r.request_id);
    return row(r, fresh);
  }));
  first = false;
  const empty = $('activity-empty');
  empty.hidden = rows.length > 0;
  root.querySelector('[data-testid=activity-table]').hidden = rows.length === 0;
  if (rows.length === 0) empty.replaceChildren(...emptyState(unavailable));

  const tokens = rows.reduce((s, r) => s + Number(r.tokens_in ?? 0) + Number(r.tokens_out ?? 0), 0);
  const spent = rows.reduce((s, r) => s + Number(r.cost ?? 0), 0);
  root.querySelector('[data-testid=activity-requests]').textContent = compact(rows.length);
  root.querySelector('[data-testid=activity-tokens]').textContent = compact(tokens);
  root.querySelector('[data-testid=activity-cost]').textContent = rows.length ? cost(spent, rows[0].currency ?? ctx.currency) : '—';
}

function row(r, fresh) {
  const status = Number(r.status);
  const kind = status === 429 ? 'limited' : status === 402 ? 'unpaid' : status >= 400 ? 'failed' : 'ok';
  return el('tr', { class: `req ${kind}${fresh ? ' fresh' : ''}`, testid: 'activity-row', 'data-request-id': r.request_id, 'data-status': String(status) },
    el('td', { 'data-label': 'Status' }, el('span', { class: `code ${kind}`, testid: 'activity-status', title: r.code ?? '', text: String(status) }),
      r.code && status >= 400 ? el('span', { class: 'small muted code-name', text: r.code }) : null),
    el('td', { 'data-label': 'Model', testid: 'activity-model', text: r.model ?? '—' }),
    el('td', { 'data-label': 'Provider', class: 'muted', testid: 'activity-provider', text: r.provider ?? '—' }),
    el('td', { 'data-label': 'Tokens', class: 'num', testid: 'activity-tokens-row', title: `${count(r.tokens_in)} in · ${count(r.tokens_out)} out`,
      text: count(Number(r.tokens_in ?? 0) + Number(r.tokens_out ?? 0)) }),
    el('td', { 'data-label': 'Cost', class: 'num', testid: 'activity-cost-row', text: cost(r.cost, r.currency ?? ctx.currency) }),
    el('td', { 'data-label': 'Latency', class: 'num muted', testid: 'activity-latency', text: r.latency_ms === null || r.latency_ms === undefined ? '—' : `${count(r.latency_ms)} ms` }),
    el('td', { 'data-label': 'Key', class: 'muted small', text: r.key_name ?? r.key_prefix ?? '' }),
    el('td', { 'data-label': 'Time', class: 'muted small', text: time(r.at) }));
}

function emptyState(unavailable) {
  const curl = `curl ${location.origin}/v1/chat/completions \\
  -H "Authorization: Bearer $LEDGER_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "gpt-5.1", "messages": [{"role": "user", "content": "Hello"}]}'`;
  return [
    el('p', { text: unavailable
      ? 'Activity is not available on this gateway yet — requests are still recorded and will show here once it is.'
      : 'No requests yet — send one with:' }),
    el('pre', { class: 'curl', testid: 'curl-example' }, el('code', { text: curl })),
  ];
}
