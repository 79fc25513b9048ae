// The household board: filters the rows as one types or picks a building, without a round trip.
// The same form still works without this file (it is a plain GET form).
import './common.js';

const form = document.querySelector('form.filters');
const rows = [...document.querySelectorAll('table.households tbody tr[data-household-id]')];

function apply() {
  const building = form.building.value;
  const q = form.q.value.trim().toLowerCase();
  let shown = 0;
  for (const row of rows) {
    const ok = (!building || row.dataset.building === building) && (!q || row.dataset.search.includes(q));
    row.hidden = !ok;
    if (ok) shown++;
  }
  const note = document.getElementById('status');
  if (note) note.textContent = '显示 ' + shown + ' 户';
}

if (form && rows.length) {
  form.q.addEventListener('input', apply);
  form.building.addEventListener('change', apply);
}
