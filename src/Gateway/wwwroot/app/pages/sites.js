// Site page (#/sites/ID): the floor plan with people placed by the site grain (coloured by posture), floor zones with
// live counts, site occupancy over time (history plus live points), the event list (falls highlighted), and the
// per-camera charts. Admins draw and delete floor zones on the plan.
import { api } from '../api.js';
import { h, clear, fieldErrors } from '../ui.js';
import { ZONE_COLORS } from '../skeleton.js';
import { FloorPlan, POSTURE_COLORS } from '../floorplan.js';

const NO_CAMERA = '00000000-0000-0000-0000-000000000000';
const STALE_MS = 5000;
const MAX_EVENTS = 200;
const LIVE_POINTS = 3600;

export function mount(root, ctx, siteId) {
  const { live, session } = ctx;
  const picker = h('select', { 'aria-label': 'Site', 'data-testid': 'site-picker', onchange: () => { location.hash = `#/sites/${picker.value}`; } });
  const siteLinks = h('div', { class: 'chips', 'data-testid': 'site-list' });
  const totals = h('span', { class: 'pill' });
  const livePill = h('span', { class: 'pill', 'data-testid': 'site-live' }, h('span', { class: 'dot' }), 'no snapshot yet');

  // Floor plan and its admin tools.
  const floorCanvas = h('canvas');
  const floorView = h('div', { class: 'floor-view', 'data-testid': 'site-floor' }, floorCanvas);
  const floor = new FloorPlan(floorCanvas);
  const people = h('div', { class: 'chips', 'data-testid': 'site-identities' });
  const floorNote = h('div', { class: 'notice' });
  const legend = h('div', { class: 'legend' }, ...Object.entries(POSTURE_COLORS).map(([posture, color]) => h('span', {}, h('span', { class: 'swatch', style: `background: ${color}` }), posture)));
  const zoneName = h('input', { placeholder: 'Zone name', 'data-testid': 'site-zone-name', style: 'max-width: 180px' });
  const zoneRestricted = h('input', { type: 'checkbox', 'data-testid': 'site-zone-restricted' });
  const zoneLoitering = h('input', { type: 'number', min: '1', max: '86400', step: '1', placeholder: 'loitering s', 'data-testid': 'site-zone-loitering', style: 'max-width: 120px' });
  const drawMessage = h('div', { class: 'error' });
  const drawButton = h('button', { class: 'primary', 'data-testid': 'site-zone-draw', text: 'Draw floor zone', onclick: () => startDrawing() });
  const drawTools = h('div', { class: 'toolbar hidden' },
    h('span', { class: 'notice', text: 'Click the corners on the plan.' }), zoneName,
    h('label', { class: 'check' }, zoneRestricted, 'restricted'), zoneLoitering,
    h('button', { text: 'Undo point', onclick: () => { drawing.pop(); floor.setDraft(drawing); } }),
    h('button', { class: 'primary', 'data-testid': 'site-zone-save', text: 'Save zone', onclick: () => saveZone() }),
    h('button', { text: 'Cancel', onclick: () => stopDrawing() }));
  const zoneList = h('div', { class: 'zone-list', 'data-testid': 'site-zones' });
  const eventList = h('div', { class: 'event-list', 'data-testid': 'site-events' });
  const occupancyChart = h('div', { class: 'chart', 'data-testid': 'site-occupancy-chart' });
  const occupancyNote = h('div', { class: 'notice' });

  // The per-camera charts (zones drawn on camera images, camera history).
  const zonesChart = h('div', { class: 'chart', 'data-testid': 'zone-chart' });
  const historyChart = h('div', { class: 'chart', 'data-testid': 'history-chart' });
  const zonesNote = h('div', { class: 'notice' });
  const historyNote = h('div', { class: 'notice' });
  const minutes = h('select', { 'aria-label': 'Window', onchange: () => refreshZones(true) },
    h('option', { value: '5', text: 'last 5 min' }), h('option', { value: '15', text: 'last 15 min', selected: true }), h('option', { value: '60', text: 'last hour' }));

  root.append(
    h('div', { class: 'topbar' }, h('h1', { text: 'Sites' }), h('div', { style: 'width: 240px' }, picker), totals, livePill, h('span', { class: 'spacer' }), siteLinks),
    h('div', { class: 'panels' },
      h('div', { class: 'cols-2' },
        h('div', { class: 'panel' }, h('h2', { text: 'Floor plan (live)' }), floorView, legend, people, floorNote,
          session.isAdmin ? h('div', { style: 'margin-top: 10px' }, h('div', { class: 'toolbar' }, drawButton), drawTools, drawMessage) : null),
        h('div', { class: 'panels' },
          h('div', { class: 'panel' }, h('h2', { text: 'Events' }), eventList),
          h('div', { class: 'panel' }, h('h2', { text: 'Floor zones' }), zoneList))),
      h('div', { class: 'panel' }, h('h2', { text: 'People on the site' }), occupancyNote, occupancyChart),
      h('div', { class: 'panel' }, h('div', { class: 'toolbar' }, h('h2', { text: 'People per camera zone (live)', style: 'margin: 0' }), h('span', { class: 'spacer', style: 'flex: 1' }), h('div', { style: 'width: 160px' }, minutes)), zonesNote, zonesChart),
      h('div', { class: 'panel' }, h('h2', { text: 'People per camera (history: mean per frame)' }), historyNote, historyChart)));

  let site = null;
  let zones = [];
  let drawing = null;
  let snapshot = null;
  const events = new Map();
  const livePoints = [];
  let history = [];
  let zonePlot = null, historyPlot = null, occupancyPlot = null, zoneKey = '', historyKey = '', occupancyKey = '';
  // Each chart shows its whole time window, however few samples it has yet.
  const windows = { zones: [0, 1], history: [0, 1], occupancy: [0, 1] };

  function plot(existing, el, key, oldKey, series, data, window) {
    const width = Math.max(300, el.clientWidth || 800);
    if (existing && key === oldKey) { existing.setData(data); existing.setSize({ width, height: 260 }); return existing; }
    if (existing) existing.destroy();
    clear(el);
    return new uPlot({
      width, height: 260,
      scales: { x: { time: true, range: () => windows[window] }, y: { range: (u, min, max) => [0, Math.max(2, Math.ceil(max + 0.5))] } },
      axes: [{ stroke: '#8b97a7', grid: { stroke: '#222a35' }, ticks: { stroke: '#222a35' } }, { stroke: '#8b97a7', grid: { stroke: '#222a35' }, ticks: { stroke: '#222a35' } }],
      series: [{}, ...series],
    }, data, el);
  }

  async function loadSites() {
    const result = await api('/api/sites');
    const sites = result.data || [];
    clear(picker);
    clear(siteLinks);
    if (!sites.length) { picker.append(h('option', { text: 'No site' })); floorNote.textContent = 'No site yet: give cameras a site when registering them.'; return null; }
    const chosen = sites.find((s) => s.id === siteId) || sites[0];
    for (const s of sites) {
      picker.append(h('option', { value: s.id, text: s.name, selected: s.id === chosen.id }));
      siteLinks.append(h('a', { class: 'chip' + (s.id === chosen.id ? ' active' : ''), href: `#/sites/${s.id}`, 'data-testid': 'site-link', text: `${s.name} · ${s.persons}` }));
    }
    return chosen;
  }

  // Floor zones and the calibration marks of the site's cameras.
  async function loadPlan() {
    const [z, c] = await Promise.all([api(`/api/sites/${site.id}/zones`), api(`/api/sites/${site.id}/calibrations`)]);
    zones = z.ok ? z.data : [];
    floor.setZones(zones);
    floor.setMarks(c.ok ? c.data.flatMap((cal) => cal.points.map((p) => p.floor)) : []);
    renderZones();
    if (c.ok && !c.data.length) floorNote.textContent = 'No camera of this site is calibrated: open a camera and calibrate it to place people on the plan.';
    else floorNote.textContent = '';
  }

  // Built when the zones change; the live counts are updated in place (a click on Delete never meets a re-render).
  const countCells = new Map();
  function renderZones() {
    clear(zoneList);
    countCells.clear();
    if (!zones.length) zoneList.append(h('div', { class: 'notice', text: session.isAdmin ? 'No floor zone yet: draw one on the plan.' : 'No floor zone drawn.' }));
    zones.forEach((zone, i) => {
      const count = h('span', { class: 'count', 'data-testid': 'site-zone-count', text: '–', title: 'people in the zone now' });
      countCells.set(zone.name, [count, zone.persons]);
      zoneList.append(h('div', { class: 'zone-item' + (zone.restricted ? ' restricted' : ''), 'data-testid': 'site-zone', dataset: { zone: zone.name } },
        h('span', { class: 'swatch', style: `background: ${zone.restricted ? '#f85149' : ZONE_COLORS[i % ZONE_COLORS.length]}` }),
        h('span', { text: zone.name }),
        zone.restricted ? h('span', { class: 'badge failed', text: 'restricted' }) : null,
        zone.loitering_seconds ? h('span', { class: 'badge', text: `loiter ${zone.loitering_seconds} s` }) : null,
        count,
        session.isAdmin ? h('button', { class: 'danger', text: 'Delete', 'data-testid': 'site-zone-delete', onclick: () => deleteZone(zone) }) : null));
    });
    updateCounts();
  }

  function updateCounts() {
    const live = new Map(((snapshot && snapshot.zones) || []).map((z) => [z.name, z.persons]));
    for (const [name, [cell, stored]] of countCells) {
      const count = live.has(name) ? live.get(name) : stored;
      const text = count === null || count === undefined ? '–' : String(count);
      if (cell.textContent !== text) cell.textContent = text;
    }
  }

  function renderSnapshot() {
    const fresh = snapshot && snapshot.at && Date.now() - (snapshot._seen || 0) < STALE_MS;
    const identities = (snapshot && snapshot.identities) || [];
    floor.setIdentities(identities, !fresh);
    floor.setCounts(snapshot ? snapshot.zones : []);
    clear(people);
    for (const p of identities) {
      people.append(h('span', { class: 'chip person', 'data-testid': 'site-identity', dataset: { id: String(p.id), posture: p.posture, x: String(p.x), y: String(p.y) } },
        h('span', { class: 'swatch', style: `background: ${POSTURE_COLORS[p.posture] || POSTURE_COLORS.unknown}` }),
        `#${p.id} ${p.posture} (${p.x.toFixed(1)}, ${p.y.toFixed(1)} m)`));
    }
    const dot = fresh ? 'ok' : snapshot && snapshot.at ? 'warn' : '';
    clear(livePill).append(h('span', { class: `dot ${dot}` }),
      snapshot && snapshot.at ? `${identities.length} on the floor · ${snapshot.node || ''}${fresh ? '' : ' (stale)'}` : 'no snapshot yet');
    updateCounts();
  }

  function addEvents(list, live) {
    let added = false;
    for (const e of list) {
      if (events.has(e.id)) continue;
      events.set(e.id, { ...e, camera: e.camera || null, live });
      added = true;
    }
    if (!added) return;
    const sorted = [...events.values()].sort((a, b) => Date.parse(b.time) - Date.parse(a.time)).slice(0, MAX_EVENTS);
    events.clear();
    for (const e of sorted) events.set(e.id, e);
    renderEvents();
  }

  function renderEvents() {
    clear(eventList);
    if (!events.size) { eventList.append(h('div', { class: 'notice', text: 'No event in the last 24 hours.' })); return; }
    for (const e of events.values()) {
      const when = new Date(e.time);
      eventList.append(h('div', { class: `event-item ${e.kind}`, 'data-testid': 'site-event', dataset: { kind: e.kind, id: e.id } },
        h('span', { class: 'time', text: when.toLocaleTimeString(), title: when.toISOString() }),
        h('span', { class: `badge kind-${e.kind}`, text: e.kind.replace('_', ' ') }),
        h('span', { class: 'who', text: `#${e.global_id}` }),
        h('span', { class: 'what', text: [e.zone, e.camera_name, e.details].filter(Boolean).join(' · ') })));
    }
  }

  async function loadEvents() {
    const result = await api(`/api/sites/${site.id}/events?limit=100`);
    if (result.ok) addEvents(result.data.events, false);
    renderEvents();
  }

  async function loadHistory() {
    const to = new Date();
    const from = new Date(to.getTime() - 60 * 60 * 1000);
    const result = await api(`/api/sites/${site.id}/history?from=${from.toISOString()}&to=${to.toISOString()}&bucket=60`);
    history = result.ok ? result.data.buckets : [];
    windows.occupancy = [from.getTime() / 1000, to.getTime() / 1000];
    drawOccupancy();
  }

  // Whole-site and per-zone history (mean persons per minute) with the live total (one point per snapshot) on top.
  function drawOccupancy() {
    if (!site) return;
    const now = Date.now() / 1000;
    windows.occupancy = [Math.min(windows.occupancy[0], now - 3600), now];
    const zoneNames = [...new Set(history.map((b) => b.zone))].sort();
    const times = [...new Set([...history.map((b) => Date.parse(b.start) / 1000), ...livePoints.map((p) => p[0])])].sort((a, b) => a - b);
    const series = zoneNames.map((z) => { const m = new Map(history.filter((b) => b.zone === z).map((b) => [Date.parse(b.start) / 1000, b.persons_avg])); return times.map((t) => m.has(t) ? m.get(t) : null); });
    const liveMap = new Map(livePoints);
    const data = [times, ...series, times.map((t) => liveMap.has(t) ? liveMap.get(t) : null)];
    const key = zoneNames.join('|');
    occupancyNote.textContent = history.length
      ? 'History: mean people per minute (whole site and per floor zone); live: people on the floor plan now.'
      : 'No history yet: the site grain writes a row every few seconds. Live points: people on the floor plan now.';
    occupancyPlot = plot(occupancyPlot, occupancyChart, key, occupancyKey,
      [...zoneNames.map((z, i) => ({ label: z === '' ? 'site (history)' : `${z} (history)`, stroke: z === '' ? '#4f9cf9' : ZONE_COLORS[(i + 1) % ZONE_COLORS.length], width: z === '' ? 2 : 1.5, spanGaps: true, points: { show: true, size: 5 } })),
        { label: 'site (live)', stroke: '#3fb950', width: 2, spanGaps: true, points: { show: true, size: 3 } }],
      data, 'occupancy');
    occupancyKey = key;
  }

  async function refreshZones(force) {
    if (!site) return;
    const result = await api(`/api/sites/${site.id}/occupancy?minutes=${minutes.value}`);
    if (!result.ok) return;
    const camZones = result.data.zones;
    const summary = await api(`/api/sites/${site.id}`);
    if (summary.ok) totals.textContent = `${summary.data.streaming}/${summary.data.cameras} cameras streaming · ${summary.data.persons} people in frame`;
    if (!camZones.length) { zonesNote.textContent = 'No zone is drawn on this site\'s camera images: open a camera and draw one.'; if (zonePlot) { zonePlot.destroy(); zonePlot = null; } return; }
    zonesNote.textContent = 'Most people seen in each camera zone per second, from the live poses (ground point of each person in the camera image). Gaps: the camera was not streaming.';
    const times = [...new Set(camZones.flatMap((z) => z.samples.map((s) => s[0])))].sort((a, b) => a - b);
    const data = [times.map((t) => t / 1000), ...camZones.map((z) => { const m = new Map(z.samples.map((s) => [s[0], s[1]])); return times.map((t) => m.has(t) ? m.get(t) : null); })];
    const key = camZones.map((z) => z.zone_id).join(',') + (force ? Math.random() : '');
    windows.zones = [Date.parse(result.data.from) / 1000, Date.now() / 1000];
    zonePlot = plot(zonePlot, zonesChart, key, zoneKey, camZones.map((z, i) => ({ label: `${z.camera} · ${z.zone}`, stroke: ZONE_COLORS[i % ZONE_COLORS.length], width: 2, spanGaps: false })), data, 'zones');
    zoneKey = key;
  }

  async function refreshHistory() {
    if (!site) return;
    const to = new Date();
    const from = new Date(to.getTime() - 60 * 60 * 1000);
    const result = await api(`/api/activity?site=${site.id}&from=${from.toISOString()}&to=${to.toISOString()}&bucket=60`);
    if (!result.ok) return;
    const buckets = result.data.buckets;
    if (!buckets.length) { historyNote.textContent = 'No history yet: nodes write one row per camera every few seconds.'; return; }
    historyNote.textContent = 'Mean people per processed frame, per minute, from the fenced activity history.';
    const cameras = [...new Set(buckets.map((b) => b.camera_id))];
    const names = new Map(buckets.map((b) => [b.camera_id, b.camera || b.camera_id.slice(0, 8)]));
    const times = [...new Set(buckets.map((b) => Date.parse(b.start)))].sort((a, b) => a - b);
    const data = [times.map((t) => t / 1000), ...cameras.map((c) => { const m = new Map(buckets.filter((b) => b.camera_id === c).map((b) => [Date.parse(b.start), b.persons_avg])); return times.map((t) => m.has(t) ? m.get(t) : null); })];
    const key = cameras.join(',');
    windows.history = [from.getTime() / 1000, to.getTime() / 1000];
    historyPlot = plot(historyPlot, historyChart, key, historyKey, cameras.map((c, i) => ({ label: names.get(c), stroke: ZONE_COLORS[(i + 3) % ZONE_COLORS.length], width: 2 })), data, 'history');
    historyKey = key;
  }

  function startDrawing() {
    drawing = [];
    floor.setDraft(drawing);
    floorView.classList.add('drawing');
    drawTools.classList.remove('hidden');
    drawButton.classList.add('hidden');
    zoneName.value = `Zone ${zones.length + 1}`;
    zoneRestricted.checked = false;
    zoneLoitering.value = '';
    drawMessage.textContent = '';
  }

  function stopDrawing() {
    drawing = null;
    floor.setDraft(null);
    floorView.classList.remove('drawing');
    drawTools.classList.add('hidden');
    drawButton.classList.remove('hidden');
  }

  floorCanvas.addEventListener('click', (event) => {
    if (!drawing) return;
    drawing.push(floor.toFloor(event));
    floor.setDraft(drawing);
  });

  async function saveZone() {
    if (drawing.length < 3) { drawMessage.textContent = 'A zone needs at least 3 corners.'; return; }
    const loitering = zoneLoitering.value.trim() === '' ? null : Number(zoneLoitering.value);
    const result = await api(`/api/sites/${site.id}/zones`, { method: 'POST', body: { name: zoneName.value.trim(), polygon: drawing, restricted: zoneRestricted.checked, loitering_seconds: loitering } });
    if (!result.ok) { drawMessage.textContent = fieldErrors(result.problem); return; }
    stopDrawing();
    await loadPlan();
  }

  async function deleteZone(zone) {
    if (!confirm(`Delete floor zone ${zone.name}?`)) return;
    await api(`/api/sites/${site.id}/zones/${zone.id}`, { method: 'DELETE' });
    await loadPlan();
  }

  const offSite = live.on('site', (s) => {
    if (!site || s.site !== site.id) return;
    snapshot = s;
    livePoints.push([Math.round(Date.parse(s.at) / 1000), s.persons]);
    if (livePoints.length > LIVE_POINTS) livePoints.shift();
    addEvents(s.events || [], true);
    renderSnapshot();
  });

  (async () => {
    site = await loadSites();
    if (!site) return;
    const cameras = await api(`/api/cameras?site=${site.id}`);
    const ids = cameras.ok ? cameras.data.map((c) => c.id) : [];
    // An empty camera list means every camera: subscribe a site without cameras to none at all.
    live.subscribe(ids.length ? ids : [NO_CAMERA], 1, [site.id]);
    const current = await api(`/api/sites/${site.id}/live`);
    if (current.ok && current.data.at) {
      snapshot = { site: current.data.site_id, node: current.data.node, at: current.data.at, identities: current.data.identities, zones: current.data.zones, persons: current.data.persons, _seen: Date.parse(current.data.at) };
      addEvents(current.data.events, true);
    }
    await Promise.all([loadPlan(), loadEvents(), loadHistory(), refreshZones(), refreshHistory()]);
    renderSnapshot();
  })();

  let frame = 0;
  const draw = () => { floor.resize(); floor.draw(); frame = requestAnimationFrame(draw); };
  frame = requestAnimationFrame(draw);
  const pollZones = setInterval(() => refreshZones(), 2000);
  const pollHistory = setInterval(() => { refreshHistory(); if (site) loadHistory(); }, 15000);
  const pollStale = setInterval(() => { if (snapshot) renderSnapshot(); drawOccupancy(); }, 2000);
  return () => {
    clearInterval(pollZones); clearInterval(pollHistory); clearInterval(pollStale); cancelAnimationFrame(frame); offSite();
    live.subscribe([], 0, []);
    for (const p of [zonePlot, historyPlot, occupancyPlot]) if (p) p.destroy();
  };
}
