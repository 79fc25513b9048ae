// The wall screen: the live tiles of queue.js and a clock in the site's zone. The clock runs on
// from the gateway's time at page load (data-now), not the screen's own clock, which may be off
// or set to another zone; the site's zone is in data-zone.
import './queue.js';

const clock = document.querySelector('[data-clock]');
const holder = clock && clock.closest('[data-zone]');
const offset = holder ? Number(holder.dataset.now) - Date.now() : 0;

function tick() {
  try {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('zh-CN', {
      timeZone: holder.dataset.zone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(Date.now() + offset)).map((p) => [p.type, p.value]));
    clock.textContent = `${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}`;
  } catch (e) {
    // an unknown zone name: keep the server's text
  }
}

if (clock && holder) {
  tick();
  window.setInterval(tick, 15 * 1000);
}
