// The alert list (and every page with actions): the confirm dialogs of common.js, and a live
// list. The list listens to the staff API's stream (GET /api/stream, server-sent events; the
// session cookie logs it in) and, when an alert arrives, fetches the list body again from the
// server, so the new row has the same words, buttons and order as a reloaded page would.
// The stream does not replay what was missed while disconnected; the list is fetched again on
// every reconnect, and once a minute so that the durations keep counting.
import { refresh, announce } from './common.js';

const MINUTE = 60 * 1000;

function liveArea() {
  return document.querySelector('[data-live]');
}

function ids(el) {
  return new Set([...el.querySelectorAll('[data-alert-id]')].map((e) => e.dataset.alertId));
}

let pending = null;
let updating = false;

async function update() {
  pending = null;
  const area = liveArea();
  if (!area || updating) return;
  updating = true;
  try {
    const before = ids(area);
    const fresh = await refresh(area);
    const arrived = [...fresh.querySelectorAll('[data-alert-id]')].filter((e) => !before.has(e.dataset.alertId));
    arrived.forEach((e) => e.classList.add('is-new'));
    if (arrived.length === 1) announce('新报警：' + (arrived[0].dataset.summary || ''));
    else if (arrived.length > 1) announce('新报警 ' + arrived.length + ' 条');
  } finally {
    updating = false;
  }
}

/** Several alerts in one commit come as several events: fetch once. */
function soon() {
  if (!pending) pending = window.setTimeout(update, 300);
}

if (liveArea() && 'EventSource' in window) {
  let opened = false;
  const stream = new EventSource('/api/stream');
  stream.addEventListener('alert', soon);
  stream.addEventListener('open', () => {
    if (opened) soon(); // a reconnect: catch up on what the stream did not replay
    opened = true;
    document.documentElement.dataset.stream = 'connected';
  });
  stream.addEventListener('error', () => {
    document.documentElement.dataset.stream = 'reconnecting';
  });
  window.setInterval(soon, MINUTE);
}
