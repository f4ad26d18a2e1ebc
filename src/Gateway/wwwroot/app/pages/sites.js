// Sites: people per zone over time (live, 1 s samples) and people per camera (history). Posture breakdown and
// events come with per-camera tracking: their places are marked, no data is invented.
import { api } from '../api.js';
import { h, clear } from '../ui.js';
import { ZONE_COLORS } from '../skeleton.js';

export function mount(root, ctx, siteId) {
  const picker = h('select', { 'aria-label': 'Site', 'data-testid': 'site-picker', onchange: () => { location.hash = `#/sites/${picker.value}`; } });
  const totals = h('span', { class: 'pill' });
  const zonesChart = h('div', { class: 'chart', 'data-testid': 'zone-chart' });
  const historyChart = h('div', { class: 'chart', 'data-testid': 'history-chart' });
  const zonesNote = h('div', { class: 'notice' });
  const historyNote = h('div', { class: 'notice' });
  const minutes = h('select', { 'aria-label': 'Window', onchange: () => refreshZones(true) },
    h('option', { value: '5', text: 'last 5 min' }), h('option', { value: '15', text: 'last 15 min', selected: true }), h('option', { value: '60', text: 'last hour' }));
  root.append(
    h('div', { class: 'topbar' }, h('h1', { text: 'Sites' }), h('div', { style: 'width: 240px' }, picker), totals, h('span', { class: 'spacer' }), h('div', { style: 'width: 160px' }, minutes)),
    h('div', { class: 'panels' },
      h('div', { class: 'panel' }, h('h2', { text: 'People per zone (live)' }), zonesNote, zonesChart),
      h('div', { class: 'panel' }, h('h2', { text: 'People per camera (history: mean per frame)' }), historyNote, historyChart),
      h('div', { class: 'cols-2' },
        h('div', { class: 'placeholder', 'data-testid': 'posture-placeholder' }, h('b', { text: 'Posture breakdown' }), h('div', { text: 'Standing, sitting and lying shares per zone arrive with per-camera tracking (the site grain computes them). Nothing is shown until then.' })),
        h('div', { class: 'placeholder', 'data-testid': 'events-placeholder' }, h('b', { text: 'Events' }), h('div', { text: 'Zone entries, exits, dwell times and falls arrive with per-camera tracking. Nothing is shown until then.' })))));

  let zonePlot = null, historyPlot = null, zoneKey = '', historyKey = '';
  let site = null;
  // Each chart shows its whole time window, however few samples it has yet.
  const windows = { zones: [0, 1], history: [0, 1] };

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
    if (!sites.length) { picker.append(h('option', { text: 'No site' })); zonesNote.textContent = 'No site yet: give cameras a site when registering them.'; return null; }
    const chosen = sites.find((s) => s.id === siteId) || sites[0];
    for (const s of sites) picker.append(h('option', { value: s.id, text: s.name, selected: s.id === chosen.id }));
    return chosen;
  }

  async function refreshZones(force) {
    if (!site) return;
    const result = await api(`/api/sites/${site.id}/occupancy?minutes=${minutes.value}`);
    if (!result.ok) return;
    const zones = result.data.zones;
    const summary = await api(`/api/sites/${site.id}`);
    if (summary.ok) totals.textContent = `${summary.data.streaming}/${summary.data.cameras} cameras streaming · ${summary.data.persons} people now · ${summary.data.zones} zones`;
    if (!zones.length) { zonesNote.textContent = 'No zone is drawn on this site\'s cameras: open a camera and draw one.'; if (zonePlot) { zonePlot.destroy(); zonePlot = null; } return; }
    zonesNote.textContent = 'Most people seen in each zone per second, from the live poses (ground point of each person in the camera image). Gaps: the camera was not streaming.';
    const times = [...new Set(zones.flatMap((z) => z.samples.map((s) => s[0])))].sort((a, b) => a - b);
    const data = [times.map((t) => t / 1000), ...zones.map((z) => { const m = new Map(z.samples.map((s) => [s[0], s[1]])); return times.map((t) => m.has(t) ? m.get(t) : null); })];
    const key = zones.map((z) => z.zone_id).join(',') + (force ? Math.random() : '');
    windows.zones = [Date.parse(result.data.from) / 1000, Date.now() / 1000];
    zonePlot = plot(zonePlot, zonesChart, key, zoneKey, zones.map((z, i) => ({ label: `${z.camera} · ${z.zone}`, stroke: ZONE_COLORS[i % ZONE_COLORS.length], width: 2, spanGaps: false })), data, 'zones');
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

  (async () => { site = await loadSites(); await refreshZones(); await refreshHistory(); })();
  const pollZones = setInterval(() => refreshZones(), 2000);
  const pollHistory = setInterval(refreshHistory, 15000);
  return () => { clearInterval(pollZones); clearInterval(pollHistory); if (zonePlot) zonePlot.destroy(); if (historyPlot) historyPlot.destroy(); };
}
