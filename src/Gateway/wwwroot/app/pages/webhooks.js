// Webhooks (#/webhooks, admins only): where site events are POSTed. Lists them with their delivery counters; adds,
// edits (#/webhooks/ID) and deletes them. The signing secret is write-only: typed here, sent once, never shown (the
// API only says whether one is set).
import { api } from '../api.js';
import { h, badge, clear, fieldErrors } from '../ui.js';

const KINDS = ['fall', 'loitering', 'restricted_entry', 'zone_entry', 'zone_exit'];

export function mount(root, { session }, editId) {
  if (!session.isAdmin) {
    root.append(h('div', { class: 'topbar' }, h('h1', { text: 'Webhooks' })), h('div', { class: 'empty', text: 'Webhooks are for admins only.' }));
    return () => {};
  }

  const f = {
    name: h('input', { name: 'name', 'data-testid': 'webhook-name', required: true, maxlength: '100', placeholder: 'e.g. pager' }),
    url: h('input', { name: 'url', 'data-testid': 'webhook-url', required: true, placeholder: 'https://hooks.example.com/posecluster' }),
    site: h('select', { name: 'site_id', 'data-testid': 'webhook-site' }, h('option', { value: '', text: 'All sites' })),
    kinds: KINDS.map((kind) => h('input', { type: 'checkbox', value: kind, 'data-testid': 'webhook-kind', dataset: { kind } })),
    secret: h('input', { name: 'secret', type: 'password', autocomplete: 'new-password', 'data-testid': 'webhook-secret', placeholder: 'optional, write-only' }),
  };
  // One message slot under each field: the API's validation problems name the field (event_kinds[i] goes to the kinds).
  const errors = Object.fromEntries(['name', 'url', 'site_id', 'event_kinds', 'secret'].map((field) =>
    [field, h('div', { class: 'field-error', 'data-testid': `webhook-error-${field}` })]));
  const formTitle = h('h2', { text: 'Add a webhook' });
  const formMessage = h('div', { class: 'error', 'data-testid': 'webhook-form-error' });
  const submit = h('button', { class: 'primary', type: 'submit', 'data-testid': 'webhook-submit', text: 'Add webhook' });
  const cancelEdit = h('button', { type: 'button', class: 'hidden', 'data-testid': 'webhook-cancel', text: 'Cancel', onclick: () => { location.hash = '#/webhooks'; } });
  const form = h('form', { class: 'form', 'data-testid': 'webhook-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); save(); } },
    h('label', {}, 'Name', f.name, errors.name),
    h('label', { class: 'wide' }, 'URL (events are POSTed here as JSON)', f.url, errors.url),
    h('label', {}, 'Site', f.site, errors.site_id),
    h('label', {}, 'Signing secret (HMAC-SHA256, 8+ characters)', f.secret, errors.secret),
    h('div', { class: 'wide' },
      h('div', { class: 'notice', text: 'Event kinds (none ticked: every kind)' }),
      h('div', { class: 'toolbar', style: 'margin: 6px 0 0' }, f.kinds.map((box) => h('label', { class: 'check' }, box, box.value))),
      errors.event_kinds),
    h('div', { class: 'actions' }, submit, cancelEdit, formMessage));

  const rows = h('tbody');
  const listMessage = h('div', { class: 'error' });

  root.append(
    h('div', { class: 'topbar' }, h('h1', { text: 'Webhooks' })),
    h('div', { class: 'panels' },
      h('div', { class: 'panel' }, formTitle, form),
      h('div', { class: 'panel' }, h('h2', { text: 'Webhooks' }),
        h('table', { 'data-testid': 'webhook-table' },
          h('thead', {}, h('tr', {}, ['Name', 'URL', 'Site', 'Kinds', 'Signed', 'Delivered', 'Failed', 'Last status', 'Last attempt', ''].map((t) => h('th', { text: t })))),
          rows),
        listMessage)));

  let editing = null;
  let alive = true;

  async function load() {
    const [webhooks, sites] = await Promise.all([api('/api/webhooks'), api('/api/sites')]);
    if (!alive) return;
    const chosen = f.site.value;
    clear(f.site).append(h('option', { value: '', text: 'All sites' }), ...(sites.data || []).map((s) => h('option', { value: s.id, text: s.name })));
    f.site.value = chosen;
    clear(rows);
    if (!webhooks.ok) { listMessage.textContent = fieldErrors(webhooks.problem); return; }
    listMessage.textContent = '';
    for (const w of webhooks.data) {
      rows.append(h('tr', { 'data-testid': 'webhook-row', dataset: { webhook: w.id } },
        h('td', { 'data-testid': 'webhook-row-name', text: w.name }),
        h('td', { class: 'mono', text: w.url }),
        h('td', { text: w.site || (w.site_id ? '(deleted site)' : 'all') }),
        h('td', {}, w.event_kinds.length ? w.event_kinds.map((k) => badge(`kind-${k}`, k)) : h('span', { class: 'notice', text: 'all' })),
        // Only whether a secret is set: the API never returns the secret itself.
        h('td', { 'data-testid': 'webhook-signed', style: 'white-space: nowrap', dataset: { signed: String(w.has_secret) } },
          w.has_secret ? h('span', { title: 'Deliveries carry an HMAC-SHA256 signature', class: 'badge active', text: 'signed' }) : h('span', { class: 'notice', text: 'unsigned' })),
        h('td', { 'data-testid': 'webhook-delivered', text: String(w.delivered) }),
        h('td', { 'data-testid': 'webhook-failed', text: String(w.failed) }),
        h('td', {}, w.last_status ? badge(/^2\d\d$/.test(w.last_status) ? 'active' : 'failed', w.last_status) : '–'),
        h('td', { text: w.last_attempt_at ? new Date(w.last_attempt_at).toLocaleString() : '–', title: w.last_attempt_at || '' }),
        h('td', {}, h('div', { class: 'row-actions' },
          h('button', { 'data-testid': 'webhook-edit', text: 'Edit', onclick: () => { location.hash = `#/webhooks/${w.id}`; } }),
          h('button', { class: 'danger', 'data-testid': 'webhook-delete', text: 'Delete', onclick: () => remove(w) })))));
    }
    if (!webhooks.data.length) rows.append(h('tr', {}, h('td', { colspan: '10', class: 'notice', text: 'No webhook yet.' })));
    if (editId && !editing) {
      const w = webhooks.data.find((x) => x.id === editId);
      if (w) startEdit(w); else formMessage.textContent = 'This webhook does not exist (any more).';
    }
  }

  function startEdit(w) {
    editing = w;
    formTitle.textContent = `Edit ${w.name}`;
    submit.textContent = 'Save changes';
    cancelEdit.classList.remove('hidden');
    f.name.value = w.name; f.url.value = w.url; f.site.value = w.site_id || '';
    for (const box of f.kinds) box.checked = w.event_kinds.includes(box.value);
    f.secret.value = '';
    f.secret.placeholder = w.has_secret ? 'stored (leave empty to keep)' : 'optional, write-only';
  }

  function showProblem(problem) {
    for (const slot of Object.values(errors)) slot.textContent = '';
    formMessage.textContent = '';
    const rest = {};
    for (const [field, messages] of Object.entries(problem?.errors || {})) {
      const slot = errors[field.replace(/\[\d+\]$/, '')];
      if (slot) slot.textContent = [slot.textContent, ...messages].filter(Boolean).join('; ');
      else rest[field] = messages;
    }
    // Whatever no field slot takes (a title-only problem, an unexpected field) goes under the form.
    if (!problem?.errors || Object.keys(rest).length) formMessage.textContent = fieldErrors(problem?.errors ? { errors: rest } : problem);
  }

  async function save() {
    showProblem({ errors: {} });
    const body = { name: f.name.value.trim(), url: f.url.value.trim(), event_kinds: f.kinds.filter((box) => box.checked).map((box) => box.value) };
    if (f.site.value) body.site_id = f.site.value;
    // An empty secret is left out: on create there is none, on edit the stored one is kept.
    if (f.secret.value) body.secret = f.secret.value;
    const result = editing
      ? await api(`/api/webhooks/${editing.id}`, { method: 'PUT', body })
      : await api('/api/webhooks', { method: 'POST', body });
    if (!result.ok) { showProblem(result.problem); return; }
    f.secret.value = '';
    if (editing) { location.hash = '#/webhooks'; return; }
    f.name.value = ''; f.url.value = ''; f.site.value = '';
    for (const box of f.kinds) box.checked = false;
    load();
  }

  async function remove(w) {
    if (!confirm(`Delete webhook ${w.name}?`)) return;
    const result = await api(`/api/webhooks/${w.id}`, { method: 'DELETE' });
    listMessage.textContent = result.ok || result.status === 404 ? '' : fieldErrors(result.problem);
    if (editing && editing.id === w.id) { location.hash = '#/webhooks'; return; }
    load();
  }

  load();
  return () => { alive = false; };
}
