// The console's shared page behaviour (issue 15). Every page works without this file; with it:
// - a button form marked data-confirm opens its confirm step in the page's <dialog> instead of a
//   new page (the server sends the same form as a fragment);
// - the confirm form inside is sent with fetch, and the part of the page it changed (the closest
//   element with data-refresh) is fetched again and replaced in place: no reload;
// - messages are read out through the page's live region.

const dialog = document.getElementById('confirm-dialog');
const status = document.getElementById('status');
const FETCH = { 'X-Requested-With': 'fetch' };

/** Says `text` to screen readers (and keeps it on screen for a moment). */
export function announce(text) {
  if (!status || !text) return;
  status.textContent = '';
  window.setTimeout(() => { status.textContent = text; }, 50);
}

function toLogin() {
  window.location.assign('/login?expired=1&next=' + encodeURIComponent(location.pathname + location.search));
}

/** Fetches the element's data-refresh address and puts the answer in its place; returns the new element. */
export async function refresh(el) {
  if (!el || !el.dataset.refresh) return el;
  let r;
  try {
    r = await fetch(el.dataset.refresh, { headers: FETCH, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    return el; // offline for a moment: keep what is shown, the next update will catch up
  }
  if (r.status === 401) { toLogin(); return el; }
  if (!r.ok) return el;
  const t = document.createElement('template');
  t.innerHTML = (await r.text()).trim();
  const fresh = t.content.firstElementChild;
  if (!fresh) return el;
  el.replaceWith(fresh);
  return fresh;
}

/** The element the row or page an action started from is in, found again after a refresh. */
function anchorOf(el) {
  const row = el.closest('[data-alert-id], [data-household-id]');
  return row ? { alert: row.dataset.alertId, household: row.dataset.householdId } : null;
}

function focusAgain(anchor) {
  if (!anchor) return;
  const sel = anchor.alert ? `[data-alert-id="${CSS.escape(anchor.alert)}"]`
    : `[data-household-id="${CSS.escape(anchor.household)}"]`;
  const el = document.querySelector(sel);
  if (el) {
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: false });
  }
}

let origin = null; // the [data-refresh] element and row the open dialog came from

async function openConfirm(form) {
  const params = new URLSearchParams(new FormData(form));
  let r;
  try {
    r = await fetch(form.action + '?' + params, { headers: FETCH, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    announce('网络连接失败，请检查网络后重试。');
    return;
  }
  if (r.status === 401) { toLogin(); return; }
  const html = await r.text();
  if (!r.ok) {
    announce(html);
    window.alert(html);
    return;
  }
  origin = { area: form.closest('[data-refresh]'), anchor: anchorOf(form), opener: form.querySelector('button') };
  dialog.innerHTML = html;
  dialog.showModal();
  const first = dialog.querySelector('input:not([type=hidden]), textarea, select, [data-confirm-submit]');
  if (first) first.focus();
}

async function send(form) {
  const button = form.querySelector('[data-confirm-submit]');
  if (button) button.disabled = true;
  let r;
  try {
    r = await fetch(form.action, {
      method: 'POST',
      headers: { ...FETCH, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin',
    });
  } catch (e) {
    if (button) button.disabled = false;
    showError(form, '网络连接失败，没有提交。请检查网络后再试一次。');
    return;
  }
  if (r.status === 401) { toLogin(); return; }
  const text = await r.text();
  if (r.ok) {
    dialog.close();
    const from = origin;
    origin = null;
    announce(text);
    if (from && from.area) {
      await refresh(from.area);
      focusAgain(from.anchor);
    } else {
      window.location.reload();
    }
    return;
  }
  if (r.headers.get('content-type')?.startsWith('text/html')) {
    dialog.innerHTML = text; // the form again, with what to correct
    const err = dialog.querySelector('[role=alert]');
    if (err) err.focus();
  } else {
    if (button) button.disabled = false;
    showError(form, text);
  }
}

function showError(form, message) {
  let box = form.querySelector('.notice.error');
  if (!box) {
    box = document.createElement('div');
    box.className = 'notice error';
    box.setAttribute('role', 'alert');
    box.tabIndex = -1;
    form.prepend(box);
  }
  box.textContent = message;
  box.focus();
}

if (dialog && typeof dialog.showModal === 'function') {
  document.addEventListener('submit', (ev) => {
    const form = ev.target;
    if (form.matches('form[data-confirm]')) {
      ev.preventDefault();
      openConfirm(form);
    } else if (dialog.contains(form)) {
      ev.preventDefault();
      send(form);
    }
  });
  document.addEventListener('click', (ev) => {
    const close = ev.target.closest('[data-close]');
    if (close && dialog.contains(close)) {
      ev.preventDefault();
      dialog.close();
    }
  });
  dialog.addEventListener('close', () => {
    const back = origin && origin.opener;
    if (back && document.contains(back)) back.focus();
    dialog.innerHTML = '';
  });
}
