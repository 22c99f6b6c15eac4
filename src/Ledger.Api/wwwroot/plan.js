// Plan & balance page, like the seed's plan table; plus the balance and the signup-credit offer.
import { get, post, session, ApiError } from './api.js';
import { el, money, count } from './format.js';

let root, ctx, claimedBy = null;

export async function show(container, context) {
  root = container;
  ctx = context;
  if (!root.dataset.ready) {
    root.dataset.ready = '1';
    root.append(
      el('div', { class: 'panel-head' }, el('div', {}, el('h1', { text: 'Plan & balance' }),
        el('p', { class: 'muted', text: 'Your plan sets limits across all your keys; your balance pays for requests.' }))),
      el('div', { class: 'plan-grid' },
        el('div', { class: 'panel', id: 'plan-box', testid: 'plan-table' }),
        el('div', { class: 'side' },
          el('div', { class: 'panel', id: 'balance-box', testid: 'balance' }),
          el('div', { class: 'panel promo', id: 'promo-box', testid: 'promo' }))));
  }
  await load();
}

export function hide() {}

async function load() {
  try {
    const [plan, balance, promo] = await Promise.all([get('/me/plan'), get('/me/balance'), get('/promo')]);
    renderPlan(plan);
    renderBalance(balance);
    renderPromo(promo, balance);
  } catch (e) { ctx.fail(e); }
}

function usageRow(name, hint, used, cap, testid) {
  const pct = cap ? Math.min(100, (used / cap) * 100) : 0;
  return el('div', { class: 'plan-row', testid },
    el('div', {}, el('strong', { text: name }), el('span', { class: 'muted small', text: hint })),
    el('div', { class: 'plan-value' },
      el('span', { class: 'big', text: cap ? `${count(used)} / ${count(cap)}` : `${count(used)} used · no cap` }),
      cap ? el('div', { class: `meter ${pct >= 100 ? 'over' : pct >= 80 ? 'high' : 'ok'}`, role: 'progressbar',
        'aria-valuenow': String(used), 'aria-valuemax': String(cap), 'aria-label': `${name} used` },
        el('span', { style: `width:${pct.toFixed(1)}%` })) : null));
}

function valueRow(name, hint, value, testid) {
  return el('div', { class: 'plan-row', testid },
    el('div', {}, el('strong', { text: name }), el('span', { class: 'muted small', text: hint })),
    el('div', { class: 'plan-value' }, el('span', { class: 'big', text: value })));
}

function renderPlan(p) {
  root.querySelector('#plan-box').replaceChildren(
    el('h2', { testid: 'plan-name', text: `Plan limits (${p.name})` }),
    usageRow('Monthly requests', 'Total requests per billing period', p.used_this_month, p.monthly_limit, 'plan-monthly'),
    usageRow('Daily requests', `Resets at ${p.daily_resets}`, p.used_today, p.daily_limit, 'plan-daily'),
    valueRow('Rate limit', 'Returns 429 on excess', p.rpm_limit ? `${count(p.rpm_limit)} RPM` : 'No limit', 'plan-rpm'),
    valueRow('Markup', 'On top of provider cost', `${Number(p.markup_percent)}%`, 'plan-markup'),
    el('p', { class: 'muted small foot', text: `Tier: ${p.tier}. Limits are set by your subscription plan.` }));
}

function renderBalance(b) {
  const m = (v) => money(v, b.currency, { decimals: 2 });
  root.querySelector('#balance-box').replaceChildren(...[
    el('h2', { text: 'Balance' }),
    el('p', { class: 'balance', testid: 'balance-available', text: m(b.available) }),
    el('dl', { class: 'kv' },
      el('dt', { text: 'Balance' }), el('dd', { testid: 'balance-total', text: m(b.balance) }),
      el('dt', { text: 'Held for requests in flight' }), el('dd', { text: m(b.reserved) }),
      el('dt', { text: 'Credits received' }), el('dd', { text: m(b.credits) }),
      el('dt', { text: 'Charged so far' }), el('dd', { text: money(b.charged, b.currency, { decimals: 4 }) }),
      el('dt', { text: 'Tier' }), el('dd', { testid: 'balance-tier', text: b.tier })),
    b.available <= 0 ? el('p', { class: 'muted small', text: 'Standard keys answer 402 while the balance is zero — top up or claim the signup credit.' }) : null,
  ].filter(Boolean));
}

function renderPromo(promo, balance) {
  const box = root.querySelector('#promo-box');
  const amount = promo.amount?.[balance.currency];
  const offer = `Claim ${money(amount ?? 0, balance.currency)} free credits`;
  const message = el('p', { class: 'small', testid: 'promo-message', role: 'status' });
  const claimed = claimedBy === session.key;
  const button = el('button', { class: 'primary', testid: 'promo-claim', disabled: claimed || promo.remaining <= 0 || !amount,
    onclick: () => claim(button, message) },
    el('span', { text: claimed ? 'Signup credit claimed ✓' : offer }), el('span', { class: 'sep', text: '·' }), el('span', { testid: 'promo-remaining', text: `${count(promo.remaining)} left` }));
  box.replaceChildren(el('h2', { text: 'Signup credit' }),
    el('p', { class: 'muted small', text: 'One free credit per organisation, while the pool lasts.' }), button, message);
}

async function claim(button, message) {
  button.disabled = true;
  try {
    const r = await post('/me/credits/claim', {});
    claimedBy = session.key;
    await load();
    root.querySelector('[data-testid=promo-message]').textContent =
      `${money(r.amount, r.currency)} added — your balance is ${money(r.balance, r.currency, { decimals: 2 })}.`;
    await ctx.refreshHeader();
  } catch (e) {
    message.textContent = e instanceof ApiError && e.code === 'credit_already_claimed' ? 'Your organisation has already claimed its signup credit.'
      : e instanceof ApiError && e.code === 'promo_exhausted' ? 'All signup credits have been claimed — none are left.'
      : e.message;
    button.disabled = false;
  }
}
