// Money, counts and dates the way the seed pages write them: €1,000/mo, €0.0042, 1.2M.
const symbols = { EUR: '€', INR: '₹' };

export function money(amount, currency, { decimals } = {}) {
  if (amount === null || amount === undefined) return '—';
  const n = Number(amount);
  const d = decimals ?? (Number.isInteger(n) ? 0 : 2);
  const sym = symbols[currency] ?? `${currency ?? ''} `;
  const s = Math.abs(n).toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });
  return `${n < 0 ? '-' : ''}${sym}${s}`;
}

export const cost = (amount, currency) => money(amount ?? 0, currency, { decimals: 4 });

const periods = { month: 'mo', week: 'wk', day: 'day' };

export function budget(amount, period, currency) {
  if (amount === null || amount === undefined) return 'No limit';
  return `${money(amount, currency)}/${periods[period] ?? period}`;
}

export const count = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('en'));

export function compact(n) {
  n = Number(n ?? 0);
  if (n >= 1e6) return `${(n / 1e6).toFixed(1).replace(/\.0$/, '')}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1).replace(/\.0$/, '')}K`;
  return n.toLocaleString('en');
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export function time(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso ?? '') : d.toLocaleTimeString('en-GB');
}

/** The masked form of a key: its stored prefix and stars, never more. */
export const masked = (prefix) => `${prefix ?? 'br-'}****`;

/** Builds elements without innerHTML so API text is never parsed as markup. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'testid') node.dataset.testid = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}
