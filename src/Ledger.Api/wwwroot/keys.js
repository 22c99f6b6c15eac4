// Keys page, like the seed's "Key management" panel: status, masked prefix, budget and spend per key.
import { get, post, patch, del, request, session, ApiError } from './api.js';
import { el, money, budget, masked, count, when } from './format.js';

let root, ctx, list = [];
const $ = (id) => document.getElementById(id);

export async function show(container, context) {
  root = container;
  ctx = context;
  if (!root.dataset.ready) build();
  await load();
}

export function hide() {}

function build() {
  root.dataset.ready = '1';
  root.append(
    el('div', { class: 'panel-head' },
      el('div', {}, el('h1', { text: 'Key management' }),
        el('p', { class: 'muted', text: 'Each key has its own spend limit and reset period. Disable a key for a while or revoke it for good without touching the others.' })),
      el('button', { class: 'primary', testid: 'mint-open', onclick: openMint }, '+ New key')),
    el('div', { class: 'panel keys', id: 'key-list', testid: 'key-list' }, el('p', { class: 'muted', text: 'Loading keys…' })));
  $('mint-form').addEventListener('submit', mint);
  $('edit-form').addEventListener('submit', saveEdit);
}

async function load() {
  try {
    list = (await get('/me/keys')).data ?? [];
    render();
  } catch (e) { ctx.fail(e); }
}

function render() {
  const box = $('key-list');
  if (!box) return;
  box.replaceChildren(...(list.length ? list.map(row) : [el('p', { class: 'empty', text: 'No keys yet — create one with “New key”.' })]));
}

function row(k) {
  const mine = session.key?.startsWith(k.prefix);
  return el('article', { class: `key-row status-${k.status}`, testid: 'key-row', 'data-key-id': k.id, 'data-key-name': k.name },
    el('div', { class: 'key-main' },
      el('div', { class: 'key-title' },
        el('span', { class: 'key-name', testid: 'key-name', text: k.name }),
        el('span', { class: `badge ${k.status}`, testid: 'key-status', text: k.status }),
        k.scope === 'inference' ? el('span', { class: 'badge scope', text: 'inference only' }) : null,
        k.ephemeral ? el('span', { class: 'badge scope', text: 'ephemeral' }) : null,
        mine ? el('span', { class: 'badge you', text: 'this session' }) : null),
      el('code', { class: 'prefix', testid: 'key-prefix', text: masked(k.prefix) })),
    el('div', { class: 'key-budget' },
      el('span', { class: 'amount', testid: 'key-budget', text: budget(k.budget, k.budget_period, k.currency) }),
      spendBar(k)),
    el('dl', { class: 'key-limits', testid: 'key-limits' },
      el('dt', { text: 'Rate' }), el('dd', { text: k.rpm_limit ? `${count(k.rpm_limit)} RPM` : 'No limit' }),
      el('dt', { text: 'Daily' }), el('dd', { text: `${count(k.requests_today)} / ${k.daily_limit ? count(k.daily_limit) : '∞'} today` }),
      el('dt', { text: 'Expires' }), el('dd', { text: k.expires_at ? when(k.expires_at) : 'Never' }),
      el('dt', { text: 'Last used' }), el('dd', { text: k.last_used_at ? when(k.last_used_at) : 'Never' })),
    el('div', { class: 'key-actions' },
      k.status === 'revoked' ? null : el('button', { class: 'small', testid: 'key-edit', onclick: () => openEdit(k) }, 'Edit'),
      k.status === 'active' ? el('button', { class: 'small', testid: 'key-disable', onclick: () => setDisabled(k, true) }, 'Disable') : null,
      k.status === 'disabled' ? el('button', { class: 'small', testid: 'key-enable', onclick: () => setDisabled(k, false) }, 'Enable') : null,
      el('button', { class: 'small ghost', testid: 'key-history', onclick: () => history(k) }, 'History'),
      k.status === 'revoked' ? null : el('button', { class: 'small danger-ghost', testid: 'key-revoke', onclick: () => confirmRevoke(k, mine) }, 'Revoke')));
}

const windows = { day: 'today', week: 'this week', month: 'this month' };

function spendBar(k) {
  if (k.budget === null || k.budget === undefined)
    return el('span', { class: 'muted small', testid: 'key-spent', text: `${money(k.spent_month ?? k.spent ?? 0, k.currency, { decimals: 4 })} spent this month` });
  const spent = Number(k.spent ?? 0), cap = Number(k.budget);
  const pct = cap > 0 ? Math.min(100, (spent / cap) * 100) : 100;
  const level = pct >= 100 ? 'over' : pct >= 80 ? 'high' : 'ok';
  return el('div', { class: 'spend' },
    el('div', { class: `meter ${level}`, role: 'progressbar', testid: 'key-spend-bar', 'aria-valuemin': '0', 'aria-valuemax': String(cap),
      'aria-valuenow': String(spent), 'aria-label': `Spent ${spent} of ${cap}` },
      el('span', { style: `width:${pct.toFixed(1)}%` })),
    el('span', { class: 'muted small', testid: 'key-spent',
      text: `${money(spent, k.currency, { decimals: 4 })} of ${money(cap, k.currency)} ${windows[k.budget_period] ?? ''}` }));
}

// ---- mint

function numberOrNull(v) { return v === '' || v === null || v === undefined ? null : Number(v); }

function openMint() {
  const form = $('mint-form');
  form.reset();
  formError('mint-error', null);
  $('mint-dialog').querySelector('[data-testid=mint-currency]').textContent = `(${ctx.currency})`;
  $('mint-dialog').showModal();
}

async function mint(event) {
  event.preventDefault();
  const f = Object.fromEntries(new FormData(event.target));
  const body = { name: f.name.trim(), budget_period: f.budget_period, scope: f.scope };
  for (const field of ['budget', 'rpm_limit', 'daily_limit', 'expires_days']) {
    const v = numberOrNull(f[field]);
    if (v !== null) body[field] = v;
  }
  const submit = $('mint-form').querySelector('[type=submit]');
  submit.disabled = true;
  try {
    const minted = await post('/me/keys', body);
    $('mint-dialog').close();
    await load();
    await ctx.reveal(minted.key, minted.warning);
  } catch (e) {
    formError('mint-error', e);
  } finally {
    submit.disabled = false;
  }
}

function formError(id, error) {
  const p = $('edit-dialog').querySelector(`[data-testid=${id}]`) ?? $('mint-dialog').querySelector(`[data-testid=${id}]`);
  p.hidden = !error;
  p.textContent = error ? (error instanceof ApiError ? error.message : 'Something went wrong.') : '';
}

// ---- edit, disable, revoke: every change names the version it was based on

let editing = null;

function openEdit(k) {
  editing = k;
  fillEdit(k);
  formError('edit-error', null);
  $('edit-dialog').showModal();
}

function fillEdit(k) {
  const form = $('edit-form');
  form.name.value = k.name;
  form.budget.value = k.budget ?? '';
  form.budget_period.value = k.budget_period ?? 'month';
  form.rpm_limit.value = k.rpm_limit ?? '';
  form.daily_limit.value = k.daily_limit ?? '';
  $('edit-dialog').querySelector('[data-testid=edit-currency]').textContent = `(${k.currency})`;
}

async function saveEdit(event) {
  event.preventDefault();
  const f = Object.fromEntries(new FormData(event.target));
  const body = {
    name: f.name.trim(), budget: numberOrNull(f.budget), budget_period: f.budget_period,
    rpm_limit: numberOrNull(f.rpm_limit), daily_limit: numberOrNull(f.daily_limit),
  };
  try {
    await change(editing, body);
    $('edit-dialog').close();
    await load();
  } catch (e) {
    if (e instanceof ApiError && e.status === 412) {
      const fresh = await reloadOne(editing.id);
      if (fresh) { editing = fresh; fillEdit(fresh); }
      formError('edit-error', new ApiError(412, 'stale_version',
        'Someone else changed this key while you were editing. The form now shows the latest values — check them and save again.'));
    } else formError('edit-error', e);
  }
}

const change = (k, body) => request('PATCH', `/me/keys/${k.id}`, { body, headers: { 'If-Match': `"${k.version}"` } });

async function reloadOne(id) {
  await load();
  return list.find(k => k.id === id) ?? null;
}

async function setDisabled(k, disabled) {
  try {
    await change(k, { disabled });
    ctx.clearError();
  } catch (e) {
    ctx.fail(e.status === 412
      ? new ApiError(412, 'stale_version', 'Someone else changed this key a moment ago. The list has been reloaded — try again.')
      : e);
  }
  await load();
}

function confirmRevoke(k, mine) {
  const dialog = $('confirm-dialog');
  $('confirm-text').textContent = `Revoke “${k.name}” (${masked(k.prefix)})? Requests with it will be refused from now on. This cannot be undone.`
    + (mine ? ' This is the key you are signed in with: you will be signed out.' : '');
  const ok = $('confirm-ok');
  const fresh = ok.cloneNode(true);
  ok.replaceWith(fresh);
  fresh.addEventListener('click', async () => {
    dialog.close();
    try {
      await del(`/me/keys/${k.id}`);
      ctx.clearError();
      if (mine) { session.signOut(); location.reload(); return; }
    } catch (e) { ctx.fail(e); }
    await load();
  });
  dialog.showModal();
}

async function history(k) {
  const body = $('history-body');
  $('history-title').textContent = `History of “${k.name}”`;
  body.replaceChildren(el('p', { class: 'muted', text: 'Loading…' }));
  $('history-dialog').showModal();
  try {
    const events = (await get(`/me/keys/${k.id}/events`)).data ?? [];
    body.replaceChildren(el('table', { class: 'table', testid: 'history-table' },
      el('thead', {}, el('tr', {}, el('th', { text: '#' }), el('th', { text: 'What' }), el('th', { text: 'When' }), el('th', { text: 'Who' }), el('th', { text: 'Details' }))),
      el('tbody', {}, events.map(e => el('tr', { testid: 'history-row' },
        el('td', { text: String(e.version) }),
        el('td', { text: describe(e.type) }),
        el('td', { text: when(e.occurred_at) }),
        el('td', { class: 'small', text: e.actor }),
        el('td', { class: 'small mono', text: details(e.data) }))))));
  } catch (e) {
    body.replaceChildren(el('p', { class: 'form-error', text: e.message }));
  }
}

/** Event names like "V1.KeyLimitsChanged" read as "Key limits changed". */
function describe(type) {
  const name = String(type).replace(/^V\d+\./, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function details(data) {
  if (!data || typeof data !== 'object') return '';
  const skip = new Set(['key_hash', 'key_id', 'org_id', 'id']);
  const parts = [];
  const walk = (obj) => {
    for (const [k, v] of Object.entries(obj)) {
      if (skip.has(k) || v === null || v === undefined) continue;
      if (typeof v === 'object' && !Array.isArray(v)) walk(v);
      else parts.push(`${k}: ${Array.isArray(v) ? v.join(', ') : v}`);
    }
  };
  walk(data);
  return parts.join(' · ');
}
