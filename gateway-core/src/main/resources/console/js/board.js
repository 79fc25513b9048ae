// The wall screen: the live tiles of queue.js and a clock in the site's zone (the screen's
// browser may be set to another zone; the site's is in data-zone).
import './queue.js';

const clock = document.querySelector('[data-clock]');
const zone = clock && clock.closest('[data-zone]').dataset.zone;

function tick() {
  try {
    clock.textContent = new Intl.DateTimeFormat('zh-CN', {
      timeZone: zone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
    }).format(new Date());
  } catch (e) {
    // an unknown zone name: keep the server's time
  }
}

if (clock && zone) {
  tick();
  window.setInterval(tick, 15 * 1000);
}
