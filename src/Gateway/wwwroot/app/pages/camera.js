// Camera detail: a large view with the zones drawn over the image, the pipeline in use, live figures; admins draw zones
// by clicking the polygon's corners on the image, and calibrate the camera to the site's floor plan by clicking floor
// marks on the image and typing where they are in metres.
import { api } from '../api.js';
import { h, badge, num, clear, fieldErrors } from '../ui.js';
import { CameraCanvas, thumbnailLoop, ZONE_COLORS } from '../skeleton.js';

export function mount(root, { live, session }, id) {
  const canvasEl = h('canvas');
  const view = h('div', { class: 'detail-view', style: 'aspect-ratio: 4 / 3', 'data-testid': 'detail-view' }, canvasEl);
  const canvas = new CameraCanvas(canvasEl, { showBoxes: true, lineWidth: 3 });
  const title = h('h1', { text: 'Camera' });
  const state = h('span');
  const facts = h('dl', { class: 'kv', 'data-testid': 'camera-facts' });
  const zoneList = h('div', { class: 'zone-list', 'data-testid': 'zone-list' });
  const message = h('div', { class: 'error' });
  let camera = null;
  let zones = [];
  let drawing = null;

  const drawButton = h('button', { class: 'primary', 'data-testid': 'draw-zone', text: 'Draw zone', onclick: () => startDrawing() });
  const zoneName = h('input', { placeholder: 'Zone name', 'data-testid': 'zone-name', style: 'max-width: 200px' });
  const finishButton = h('button', { class: 'primary', 'data-testid': 'save-zone', text: 'Save zone', onclick: () => saveZone() });
  const undoButton = h('button', { text: 'Undo point', onclick: () => { drawing.pop(); canvas.draft = drawing; canvas.dirty = true; } });
  const cancelButton = h('button', { text: 'Cancel', onclick: () => stopDrawing() });
  const drawTools = h('div', { class: 'toolbar hidden' }, h('span', { class: 'notice', text: 'Click the corners on the image, then name the zone.' }), zoneName, undoButton, finishButton, cancelButton);
  const toggle = h('button', { 'data-testid': 'toggle-camera', onclick: () => setEnabled(!camera.enabled) });

  // Calibration: the stored pairs (or the pairs being clicked), the fit's error, and the admin's tools.
  let calibration = null;
  let pending = null;
  const calibrationSummary = h('div', { class: 'notice', 'data-testid': 'calibration-error' });
  const calibrationTable = h('table', { class: 'calibration-table' });
  const calibrationMessage = h('div', { class: 'error', 'data-testid': 'calibration-message' });
  const calibrateButton = h('button', { class: 'primary', 'data-testid': 'calibration-start', text: 'Calibrate', onclick: () => startCalibrating() });
  const clearButton = h('button', { class: 'danger', 'data-testid': 'calibration-clear', text: 'Clear', onclick: () => clearCalibration() });
  const calibrationSave = h('button', { class: 'primary', 'data-testid': 'calibration-save', text: 'Save calibration', onclick: () => saveCalibration() });
  const calibrationTools = h('div', { class: 'toolbar hidden' },
    h('span', { class: 'notice', text: 'Click a floor mark on the image, type where it is on the plan (metres); at least 4, no 3 on a line.' }),
    calibrationSave, h('button', { text: 'Cancel', 'data-testid': 'calibration-cancel', onclick: () => stopCalibrating() }));
  const calibrationPanel = h('div', { class: 'panel', 'data-testid': 'calibration-panel' }, h('h2', { text: 'Floor calibration' }), calibrationSummary, calibrationTable,
    session.isAdmin ? h('div', { style: 'margin-top: 10px' }, h('div', { class: 'toolbar' }, calibrateButton, clearButton), calibrationTools, calibrationMessage) : null);

  root.append(
    h('div', { class: 'topbar' }, h('a', { href: '#/cameras', text: '← Cameras' }), title, state, h('span', { class: 'spacer' }),
      session.isAdmin ? h('a', { class: 'button', href: `#/manage/${id}`, text: 'Edit camera' }) : null,
      session.isAdmin ? toggle : null),
    h('div', { class: 'cols-2' },
      h('div', { class: 'panels' }, view, session.isAdmin ? h('div', {}, h('div', { class: 'toolbar' }, drawButton), drawTools, message) : null),
      h('div', { class: 'panels' },
        h('div', { class: 'panel' }, h('h2', { text: 'Live' }), facts),
        h('div', { class: 'panel' }, h('h2', { text: 'Zones' }), zoneList),
        calibrationPanel)));

  function fact(label, value, testid) {
    return [h('dt', { text: label }), h('dd', { text: value === null || value === undefined || value === '' ? '–' : String(value), 'data-testid': testid })];
  }

  function renderFacts() {
    const c = camera;
    const pose = live.latest.get(id);
    const fresh = pose && Date.now() - (pose._seen || 0) < 3000;
    // The active pipeline changes with the scene for cameras on auto: the live frame says which one ran.
    const pipelineNow = (fresh && pose.pipeline) || c.pipeline_in_use;
    title.textContent = c.name;
    clear(state).append(badge(c.state));
    toggle.textContent = c.enabled ? 'Disable' : 'Enable';
    clear(facts).append(
      ...fact('State', c.reason ? `${c.state}: ${c.reason}` : c.state, 'fact-state'),
      ...fact('People', fresh ? pose.persons.length : c.persons, 'fact-persons'),
      ...fact('Node', c.node, 'fact-node'),
      ...fact('Inference on', fresh ? pose.inference_node : c.inference_node),
      ...fact('Pipeline', pipelineNow ? `${pipelineNow}${c.pipeline === 'auto' ? ' (auto)' : ''}` : c.pipeline, 'fact-pipeline'),
      ...fact('Frames in / out', `${num(fresh ? pose.fps_in : c.fps_in)} / ${num(fresh ? pose.fps_out : c.fps_out)} fps (target ${c.target_fps})`),
      ...fact('Latency', fresh ? `${Math.round(pose.latency_ms)} ms capture → node, batch ${pose.batch}` : c.latency_ms === null ? null : `${Math.round(c.latency_ms)} ms`),
      ...fact('Drops', fresh ? pose.drops : c.drops),
      ...fact('Reconnects', c.reconnects),
      ...fact('Epoch', c.epoch),
      ...fact('Site', c.site),
      ...fact('Needs', c.required_class),
      ...fact('Source', c.source_url + (c.has_credentials ? ' (credentials stored)' : '')),
      ...fact('Resolution', c.width ? `${c.width}×${c.height}` : null));
  }

  function renderZones() {
    clear(zoneList);
    if (!zones.length) zoneList.append(h('div', { class: 'notice', text: session.isAdmin ? 'No zone yet: draw one on the image.' : 'No zone drawn.' }));
    zones.forEach((zone, i) => {
      zoneList.append(h('div', { class: 'zone-item', 'data-testid': 'zone-item' },
        h('span', { class: 'swatch', style: `background: ${ZONE_COLORS[i % ZONE_COLORS.length]}` }),
        h('span', { text: zone.name }),
        h('span', { class: 'count', text: zone.persons === null || zone.persons === undefined ? '–' : String(zone.persons), title: 'people in the zone now' }),
        session.isAdmin ? h('button', { class: 'danger', text: 'Delete', onclick: () => deleteZone(zone) }) : null));
      canvas.zoneCounts.set(zone.id, zone.persons);
    });
    canvas.setZones(zones);
  }

  async function refresh() {
    const [c, z] = await Promise.all([api(`/api/cameras/${id}`), api(`/api/cameras/${id}/zones`)]);
    if (!c.ok) { clear(facts).append(h('div', { class: 'error', text: 'This camera does not exist (any more).' })); return; }
    camera = c.data;
    if (camera.width && camera.height) view.style.aspectRatio = `${camera.width} / ${camera.height}`;
    zones = z.ok ? z.data : [];
    renderFacts();
    renderZones();
  }

  function startDrawing() {
    if (pending !== null) stopCalibrating();
    drawing = [];
    canvas.draft = drawing;
    view.classList.add('drawing');
    drawTools.classList.remove('hidden');
    drawButton.classList.add('hidden');
    zoneName.value = `Zone ${zones.length + 1}`;
    message.textContent = '';
  }

  function stopDrawing() {
    drawing = null;
    canvas.draft = null;
    canvas.dirty = true;
    view.classList.remove('drawing');
    drawTools.classList.add('hidden');
    drawButton.classList.remove('hidden');
  }

  function renderCalibration() {
    clear(calibrationTable);
    const editing = pending !== null;
    const rows = editing ? pending : calibration ? calibration.points.map((p) => ({ image: [p.image.x, p.image.y], floor: { x: String(p.floor.x), y: String(p.floor.y) } })) : [];
    if (rows.length) calibrationTable.append(h('tr', {}, h('th', { text: '#' }), h('th', { text: 'image x, y' }), h('th', { text: 'floor x (m)' }), h('th', { text: 'floor y (m)' }), editing ? h('th', {}) : null));
    rows.forEach((row, i) => {
      const cells = editing
        ? [h('td', {}, h('input', { type: 'number', step: 'any', value: row.floor.x, 'data-testid': 'calibration-floor-x', oninput: (e) => { row.floor.x = e.target.value; } })),
          h('td', {}, h('input', { type: 'number', step: 'any', value: row.floor.y, 'data-testid': 'calibration-floor-y', oninput: (e) => { row.floor.y = e.target.value; } })),
          h('td', {}, h('button', { class: 'danger', text: '×', title: 'Remove this point', onclick: () => { pending.splice(i, 1); renderCalibration(); } }))]
        : [h('td', { text: row.floor.x }), h('td', { text: row.floor.y })];
      calibrationTable.append(h('tr', { 'data-testid': editing ? 'calibration-pending' : 'calibration-point' },
        h('td', { text: String(i + 1) }), h('td', { class: 'mono', text: `${row.image[0].toFixed(3)}, ${row.image[1].toFixed(3)}` }), ...cells));
    });
    canvas.marks = rows.map((row, i) => ({ x: row.image[0], y: row.image[1], label: String(i + 1) }));
    canvas.dirty = true;
    calibrationSummary.textContent = editing
      ? `${pending.length} point(s) clicked${pending.length < 4 ? ` — ${4 - pending.length} more needed` : ''}.`
      : calibration
        ? `Calibrated with ${calibration.points.length} points · RMS reprojection error ${calibration.reprojection_error_m.toFixed(3)} m · ${new Date(calibration.updated_at).toLocaleString()}`
        : 'Not calibrated: people seen by this camera are not placed on the site\'s floor plan.';
    calibrateButton.classList.toggle('hidden', editing);
    clearButton.classList.toggle('hidden', editing || !calibration);
    calibrationTools.classList.toggle('hidden', !editing);
    view.classList.toggle('calibrating', editing);
  }

  async function loadCalibration() {
    const result = await api(`/api/cameras/${id}/calibration`);
    calibration = result.ok ? result.data : null;
    if (pending === null) renderCalibration();
  }

  function startCalibrating() {
    if (drawing) stopDrawing();
    pending = [];
    calibrationMessage.textContent = '';
    renderCalibration();
  }

  function stopCalibrating() {
    pending = null;
    renderCalibration();
  }

  async function saveCalibration() {
    const points = pending.map((p) => ({ image: { x: p.image[0], y: p.image[1] }, floor: { x: Number(p.floor.x), y: Number(p.floor.y) } }));
    if (points.length < 4) { calibrationMessage.textContent = 'A calibration needs at least 4 points.'; return; }
    if (pending.some((p) => p.floor.x === '' || p.floor.y === '' || !points.every((q) => Number.isFinite(q.floor.x) && Number.isFinite(q.floor.y)))) { calibrationMessage.textContent = 'Type the floor position (metres) of every point.'; return; }
    const result = await api(`/api/cameras/${id}/calibration`, { method: 'PUT', body: { points } });
    if (!result.ok) { calibrationMessage.textContent = fieldErrors(result.problem); return; }
    calibrationMessage.textContent = '';
    calibration = result.data;
    pending = null;
    renderCalibration();
  }

  async function clearCalibration() {
    if (!confirm('Clear this camera\'s calibration?')) return;
    const result = await api(`/api/cameras/${id}/calibration`, { method: 'DELETE' });
    if (!result.ok && result.status !== 404) { calibrationMessage.textContent = fieldErrors(result.problem); return; }
    calibration = null;
    renderCalibration();
  }

  canvasEl.addEventListener('click', (event) => {
    if (!drawing && pending !== null) {
      const point = canvas.toImage(event);
      if (!point) return;
      pending.push({ image: point, floor: { x: '', y: '' } });
      renderCalibration();
      return;
    }
    if (!drawing) return;
    const point = canvas.toImage(event);
    if (!point) return;
    drawing.push(point);
    canvas.draft = drawing;
    canvas.dirty = true;
  });

  async function saveZone() {
    if (drawing.length < 3) { message.textContent = 'A zone needs at least 3 corners.'; return; }
    const result = await api(`/api/cameras/${id}/zones`, { method: 'POST', body: { name: zoneName.value.trim(), polygon: drawing } });
    if (!result.ok) { message.textContent = fieldErrors(result.problem); return; }
    stopDrawing();
    await refresh();
  }

  async function deleteZone(zone) {
    if (!confirm(`Delete zone ${zone.name}?`)) return;
    await api(`/api/zones/${zone.id}`, { method: 'DELETE' });
    await refresh();
  }

  async function setEnabled(enabled) {
    const result = await api(`/api/cameras/${id}/${enabled ? 'enable' : 'disable'}`, { method: 'POST' });
    if (!result.ok) message.textContent = fieldErrors(result.problem);
    await refresh();
  }

  const offPose = live.on('pose', (pose) => {
    if (pose.camera !== id) return;
    pose._seen = Date.now();
    canvas.setPose(pose);
  });
  live.subscribe([id], 0);
  const stopThumbnails = thumbnailLoop(id, canvas, 1000, () => true);
  let frame = 0;
  const draw = () => { canvas.resize(); if (canvas.dirty) live.probe.persons_drawn += canvas.draw(); frame = requestAnimationFrame(draw); };
  frame = requestAnimationFrame(draw);
  refresh();
  loadCalibration();
  const poll = setInterval(() => { if (!drawing) refresh(); else if (camera) renderFacts(); }, 1000);
  return () => { clearInterval(poll); cancelAnimationFrame(frame); offPose(); stopThumbnails(); };
}
