// Registration (admins): add or edit a camera, bulk-import dozens (JSON or CSV), enable/disable/delete, users, API keys.
import { api } from '../api.js';
import { h, badge, clear, fieldErrors } from '../ui.js';

const PIPELINES = ['auto', 'topdown', 'topdown-movenet', 'topdown-blazepose'];

export function mount(root, { session }, editId) {
  if (!session.isAdmin) {
    root.append(h('div', { class: 'topbar' }, h('h1', { text: 'Manage' })), h('div', { class: 'empty', text: 'Read-only: viewers cannot change cameras, users or keys.' }));
    return () => {};
  }

  // --- Add / edit camera ---------------------------------------------------------------------------------------------
  const f = {
    name: h('input', { name: 'name', 'data-testid': 'camera-name', required: true, placeholder: 'e.g. lobby-east' }),
    source: h('input', { name: 'source_url', 'data-testid': 'camera-source', required: true, placeholder: 'rtsp://10.0.1.20/stream or a video from the list' }),
    media: h('select', { 'data-testid': 'camera-media', onchange: () => { if (f.media.value) f.source.value = f.media.value; } }, h('option', { value: '', text: 'Videos in the media folders…' })),
    site: h('input', { name: 'site', 'data-testid': 'camera-site', list: 'site-names', placeholder: 'optional' }),
    fps: h('input', { name: 'target_fps', type: 'number', min: '0.5', max: '60', step: '0.5', value: '5', 'data-testid': 'camera-fps' }),
    pipeline: h('select', { name: 'pipeline', 'data-testid': 'camera-pipeline' }, PIPELINES.map((p) => h('option', { value: p, text: p }))),
    requires: h('select', { name: 'required_class', 'data-testid': 'camera-requires' }, ['any', 'gpu', 'nuc'].map((c) => h('option', { value: c, text: c }))),
    username: h('input', { name: 'username', autocomplete: 'off', placeholder: 'optional' }),
    password: h('input', { name: 'password', type: 'password', autocomplete: 'new-password', placeholder: 'optional, write-only' }),
    enabled: h('input', { type: 'checkbox', checked: true }),
  };
  const siteNames = h('datalist', { id: 'site-names' });
  const formTitle = h('h2', { text: 'Add a camera' });
  const formMessage = h('div', { class: 'error', 'data-testid': 'camera-form-error' });
  const submit = h('button', { class: 'primary', type: 'submit', 'data-testid': 'camera-submit', text: 'Add camera' });
  const cancelEdit = h('button', { type: 'button', class: 'hidden', text: 'Cancel', onclick: () => { location.hash = '#/manage'; } });
  const form = h('form', { class: 'form', 'data-testid': 'camera-form', onsubmit: (e) => { e.preventDefault(); saveCamera(); } },
    h('label', {}, 'Name', f.name),
    h('label', { class: 'wide' }, 'Source', f.source),
    h('label', { class: 'wide' }, 'or pick a demo video (replayed as a live camera)', f.media),
    h('label', {}, 'Site', f.site, siteNames),
    h('label', {}, 'Target fps', f.fps),
    h('label', {}, 'Pipeline', f.pipeline),
    h('label', {}, 'Needs node class', f.requires),
    h('label', {}, 'User name', f.username),
    h('label', {}, 'Password', f.password),
    h('label', { class: 'check' }, f.enabled, 'Process this camera'),
    h('div', { class: 'actions' }, submit, cancelEdit, formMessage));

  // --- Bulk import ---------------------------------------------------------------------------------------------------
  const importText = h('textarea', { 'data-testid': 'import-text', placeholder: 'name,source_url,site,target_fps\nlobby-1,rtsp://10.0.1.21/stream,Main,5\n…\n\nor a JSON array: [{"name": "lobby-1", "source_url": "rtsp://…", "site": "Main"}]' });
  const importFile = h('input', { type: 'file', accept: '.csv,.json,text/csv,application/json', onchange: async () => { const file = importFile.files[0]; if (file) importText.value = await file.text(); } });
  const importMessage = h('pre', { class: 'error', 'data-testid': 'import-result', style: 'white-space: pre-wrap; margin: 0' });
  const importButton = h('button', { class: 'primary', 'data-testid': 'import-submit', text: 'Import', onclick: () => importCameras() });

  // --- Cameras, users, keys ------------------------------------------------------------------------------------------
  const cameraRows = h('tbody');
  const userRows = h('tbody');
  const keyRows = h('tbody');
  const keyOnce = h('div', { class: 'key-once hidden', 'data-testid': 'new-key' });
  const newUser = { name: h('input', { placeholder: 'name' }), password: h('input', { type: 'password', placeholder: 'password (8+)', autocomplete: 'new-password' }), role: h('select', {}, h('option', { value: 'viewer', text: 'viewer' }), h('option', { value: 'admin', text: 'admin' })) };
  const userMessage = h('div', { class: 'error' });
  const newKey = { name: h('input', { placeholder: 'what is it for?' }), role: h('select', {}, h('option', { value: 'viewer', text: 'viewer' }), h('option', { value: 'admin', text: 'admin' })) };

  root.append(
    h('div', { class: 'topbar' }, h('h1', { text: 'Manage' })),
    h('div', { class: 'panels' },
      h('div', { class: 'cols-2' },
        h('div', { class: 'panel' }, formTitle, form),
        h('div', { class: 'panel' }, h('h2', { text: 'Bulk import' }),
          h('div', { class: 'notice', text: 'CSV with a header row (name, source_url, site, target_fps, pipeline, required_class, enabled, username, password) or a JSON array. All or nothing.' }),
          h('div', { style: 'display: grid; gap: 8px; margin-top: 8px' }, importText, importFile, h('div', { class: 'toolbar' }, importButton), importMessage))),
      h('div', { class: 'panel' }, h('h2', { text: 'Cameras' }),
        h('table', { 'data-testid': 'camera-table' }, h('thead', {}, h('tr', {}, ['Name', 'Site', 'Source', 'Fps', 'Pipeline', 'Needs', 'State', ''].map((t) => h('th', { text: t })))), cameraRows)),
      h('div', { class: 'cols-2' },
        h('div', { class: 'panel' }, h('h2', { text: 'Users' }),
          h('table', {}, h('thead', {}, h('tr', {}, ['Name', 'Role', ''].map((t) => h('th', { text: t })))), userRows),
          h('div', { class: 'toolbar', style: 'margin-top: 10px' }, newUser.name, newUser.password, newUser.role, h('button', { text: 'Add user', onclick: () => addUser() })), userMessage),
        h('div', { class: 'panel' }, h('h2', { text: 'API keys' }),
          h('table', {}, h('thead', {}, h('tr', {}, ['Name', 'Role', 'Key', ''].map((t) => h('th', { text: t })))), keyRows),
          h('div', { class: 'toolbar', style: 'margin-top: 10px' }, newKey.name, newKey.role, h('button', { text: 'Create key', onclick: () => addKey() })), keyOnce))));

  let editing = null;

  async function load() {
    const [cameras, users, keys, sites, media] = await Promise.all([api('/api/cameras'), api('/api/users'), api('/api/keys'), api('/api/sites'), api('/api/media')]);
    clear(siteNames).append(...(sites.data || []).map((s) => h('option', { value: s.name })));
    if (f.media.options.length === 1) for (const m of media.data || []) f.media.append(h('option', { value: m.replay_url, text: m.name }));
    clear(cameraRows);
    for (const c of cameras.data || []) {
      cameraRows.append(h('tr', { 'data-testid': 'camera-row', dataset: { camera: c.id } },
        h('td', {}, h('a', { href: `#/camera/${c.id}`, text: c.name })), h('td', { text: c.site || '–' }),
        h('td', { class: 'mono', text: c.source_url + (c.has_credentials ? ' (credentials stored)' : '') }), h('td', { text: String(c.target_fps) }),
        h('td', { text: c.pipeline }), h('td', { text: c.required_class }), h('td', {}, badge(c.state)),
        h('td', {}, h('div', { class: 'row-actions' },
          h('button', { text: 'Edit', onclick: () => { location.hash = `#/manage/${c.id}`; } }),
          h('button', { text: c.enabled ? 'Disable' : 'Enable', onclick: async () => { await api(`/api/cameras/${c.id}/${c.enabled ? 'disable' : 'enable'}`, { method: 'POST' }); load(); } }),
          h('button', { class: 'danger', text: 'Delete', onclick: async () => { if (confirm(`Delete camera ${c.name}? Its zones go too; its history stays.`)) { await api(`/api/cameras/${c.id}`, { method: 'DELETE' }); load(); } } })))));
    }
    if (!(cameras.data || []).length) cameraRows.append(h('tr', {}, h('td', { colspan: '8', class: 'notice', text: 'No camera yet.' })));
    clear(userRows);
    for (const u of users.data || []) {
      userRows.append(h('tr', {}, h('td', { text: u.name }), h('td', {}, badge(u.role === 'admin' ? 'active' : '', u.role)),
        h('td', {}, h('div', { class: 'row-actions' }, u.name === session.name ? h('span', { class: 'notice', text: 'you' }) :
          h('button', { class: 'danger', text: 'Delete', onclick: async () => { const r = await api(`/api/users/${u.id}`, { method: 'DELETE' }); userMessage.textContent = r.ok ? '' : fieldErrors(r.problem); load(); } })))));
    }
    clear(keyRows);
    for (const k of keys.data || []) {
      keyRows.append(h('tr', {}, h('td', { text: k.name }), h('td', { text: k.role }), h('td', { class: 'mono', text: k.key_prefix + '…' }),
        h('td', {}, h('div', { class: 'row-actions' }, h('button', { class: 'danger', text: 'Revoke', onclick: async () => { await api(`/api/keys/${k.id}`, { method: 'DELETE' }); load(); } })))));
    }
    if (editId && !editing) {
      const c = (cameras.data || []).find((x) => x.id === editId);
      if (c) startEdit(c);
    }
  }

  function startEdit(c) {
    editing = c;
    formTitle.textContent = `Edit ${c.name}`;
    submit.textContent = 'Save changes';
    cancelEdit.classList.remove('hidden');
    f.name.value = c.name; f.source.value = c.source_url; f.site.value = c.site || ''; f.fps.value = String(c.target_fps);
    f.pipeline.value = c.pipeline; f.requires.value = c.required_class; f.enabled.checked = c.enabled;
    f.password.placeholder = c.has_credentials ? 'stored (leave empty to keep)' : 'optional, write-only';
  }

  async function saveCamera() {
    formMessage.textContent = '';
    const body = {
      name: f.name.value.trim(), source_url: f.source.value.trim(), target_fps: Number(f.fps.value),
      pipeline: f.pipeline.value, required_class: f.requires.value, enabled: f.enabled.checked,
    };
    if (f.site.value.trim()) body.site = f.site.value.trim(); else if (editing) body.site = '';
    if (f.username.value) { body.username = f.username.value; body.password = f.password.value; }
    const result = editing
      ? await api(`/api/cameras/${editing.id}`, { method: 'PUT', body })
      : await api('/api/cameras', { method: 'POST', body });
    if (!result.ok) { formMessage.textContent = fieldErrors(result.problem); return; }
    f.password.value = ''; f.username.value = '';
    if (editing) { location.hash = `#/camera/${editing.id}`; return; }
    location.hash = '#/cameras';
  }

  async function importCameras() {
    importMessage.className = 'error';
    const text = importText.value.trim();
    if (!text) { importMessage.textContent = 'Paste CSV or JSON first.'; return; }
    const isJson = text.startsWith('[') || text.startsWith('{');
    const response = await api('/api/cameras/import', { method: 'POST', body: text, headers: { 'Content-Type': isJson ? 'application/json' : 'text/csv' } });
    if (!response.ok) { importMessage.textContent = fieldErrors(response.problem); return; }
    importMessage.className = 'success';
    importMessage.textContent = `Imported ${response.data.imported} camera(s).`;
    importText.value = '';
    load();
  }

  async function addUser() {
    const r = await api('/api/users', { method: 'POST', body: { name: newUser.name.value.trim(), password: newUser.password.value, role: newUser.role.value } });
    userMessage.textContent = r.ok ? '' : fieldErrors(r.problem);
    if (r.ok) { newUser.name.value = ''; newUser.password.value = ''; load(); }
  }

  async function addKey() {
    const r = await api('/api/keys', { method: 'POST', body: { name: newKey.name.value.trim(), role: newKey.role.value } });
    clear(keyOnce).classList.remove('hidden');
    if (!r.ok) { keyOnce.append(h('div', { class: 'error', text: fieldErrors(r.problem) })); return; }
    keyOnce.append(h('b', { text: 'Copy this key now: it is not shown again.' }), h('code', { text: r.data.key }));
    newKey.name.value = '';
    load();
  }

  load();
  return () => {};
}
