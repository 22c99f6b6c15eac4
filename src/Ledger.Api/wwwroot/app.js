// The shell: sign up / sign in, the page router, the error banner and the show-once key dialog.
import { session, get, post, onUnauthorized, ApiError } from './api.js';
import { money } from './format.js';
import * as keys from './keys.js';
import * as activity from './activity.js';
import * as usage from './usage.js';
import * as plan from './plan.js';

const pages = { keys, activity, usage, plan };
const $ = (id) => document.getElementById(id);

export const ctx = {
  currency: 'EUR',
  tier: 'trial',
  fail(error) {
    showBanner(error instanceof ApiError ? error.message : 'Something went wrong in the dashboard. Reload the page and try again.');
  },
  clearError() { hideBanner(); },
  reveal: revealKey,
  refreshHeader,
};

let current = null;

function showBanner(text) {
  $('banner-text').textContent = text;
  $('banner').hidden = false;
}
function hideBanner() { $('banner').hidden = true; }

/** Shows a freshly minted key once; closing the dialog removes it from the page. */
function revealKey(key, warning) {
  const dialog = $('reveal-dialog');
  $('reveal-key').textContent = key;
  $('reveal-copied').textContent = '';
  if (warning) $('reveal-key').dataset.warning = warning;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      $('reveal-key').textContent = '';
      $('reveal-copied').textContent = '';
      resolve();
    }, { once: true });
    dialog.showModal();
  });
}

async function copyKey() {
  const text = $('reveal-key').textContent;
  try {
    await navigator.clipboard.writeText(text);
    $('reveal-copied').textContent = 'Copied to the clipboard.';
  } catch {
    const range = document.createRange();
    range.selectNodeContents($('reveal-key'));
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    $('reveal-copied').textContent = 'The key is selected — press Ctrl+C (⌘C) to copy it.';
  }
}

async function refreshHeader() {
  const balance = await get('/me/balance');
  ctx.currency = balance.currency;
  ctx.tier = balance.tier;
  $('who').textContent = `${balance.tier} tier · ${money(balance.available, balance.currency, { decimals: 2 })} available`;
  $('who').hidden = false;
  return balance;
}

async function enterApp() {
  try {
    await refreshHeader();
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) session.signOut();
    showAuth();
    ctx.fail(e);
    return;
  }
  $('auth').hidden = true;
  $('app').hidden = false;
  $('sign-out').hidden = false;
  route();
}

function showAuth() {
  current?.hide?.();
  current = null;
  $('app').hidden = true;
  $('auth').hidden = false;
  $('sign-out').hidden = true;
  $('who').hidden = true;
  for (const p of Object.keys(pages)) $(`page-${p}`).replaceChildren();
}

function route() {
  if (!session.key) return;
  const name = location.hash.replace(/^#\//, '') || 'keys';
  const page = pages[name] ?? keys;
  const pageName = pages[name] ? name : 'keys';
  if (current && current !== page) current.hide?.();
  for (const p of Object.keys(pages)) $(`page-${p}`).hidden = p !== pageName;
  for (const a of document.querySelectorAll('.tabs a')) a.classList.toggle('active', a.dataset.page === pageName);
  current = page;
  page.show($(`page-${pageName}`), ctx);
}

async function signUp(event) {
  event.preventDefault();
  const form = event.target;
  const data = Object.fromEntries(new FormData(form));
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const org = await post('/signup', data, { auth: false });
    hideBanner();
    form.reset();
    await revealKey(org.key, null);
    session.signIn(org.key);
    await enterApp();
  } catch (e) {
    ctx.fail(e);
  } finally {
    button.disabled = false;
  }
}

async function signIn(event) {
  event.preventDefault();
  const form = event.target;
  const key = new FormData(form).get('key').trim();
  session.signIn(key);
  form.reset();
  hideBanner();
  await enterApp();
}

function signOut() {
  session.signOut();
  hideBanner();
  showAuth();
  history.replaceState(null, '', location.pathname);
}

function wireDialogs() {
  for (const button of document.querySelectorAll('dialog [data-close]'))
    button.addEventListener('click', () => button.closest('dialog').close());
  $('reveal-copy').addEventListener('click', copyKey);
  $('reveal-done').addEventListener('click', () => $('reveal-dialog').close());
  // Escape would close the show-once dialog before the person has stored the key; ask for the button.
  $('reveal-dialog').addEventListener('cancel', (e) => e.preventDefault());
}

onUnauthorized.addEventListener('unauthorized', (e) => {
  session.signOut();
  showAuth();
  showBanner(e.detail.message);
});

window.addEventListener('unhandledrejection', (e) => { e.preventDefault(); ctx.fail(e.reason); });
window.addEventListener('hashchange', route);
$('signup-form').addEventListener('submit', signUp);
$('signin-form').addEventListener('submit', signIn);
$('sign-out').addEventListener('click', signOut);
$('banner-close').addEventListener('click', hideBanner);
wireDialogs();

if (session.key) enterApp(); else showAuth();
