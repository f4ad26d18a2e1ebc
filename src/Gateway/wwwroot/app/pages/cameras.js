// Camera grid: one tile per camera with its latest frame (thumbnail ~1 Hz) and the live skeletons drawn at full rate.
import { api } from '../api.js';
import { h, badge, num, clear } from '../ui.js';
import { CameraCanvas, thumbnailLoop } from '../skeleton.js';

export function mount(root, { live, session }) {
  const tiles = new Map();
  const siteFilter = h('select', { 'aria-label': 'Site', onchange: () => refresh() }, h('option', { value: '', text: 'All sites' }));
  const summary = {
    streaming: h('b', { text: '–' }), total: h('b', { text: '–' }), persons: h('b', { text: '–', 'data-testid': 'total-persons' }), nodes: h('b', { text: '–' }),
  };
  const grid = h('div', { class: 'grid', 'data-testid': 'camera-grid' });
  const empty = h('div', { class: 'empty hidden' },
    h('div', { text: 'No camera is registered yet.' }),
    session.isAdmin ? h('p', {}, h('a', { href: '#/manage', text: 'Register cameras' }), ' one by one or in bulk.') : h('p', { text: 'An admin registers cameras.' }));
  root.append(
    h('div', { class: 'topbar' },
      h('h1', { text: 'Cameras' }),
      h('span', { class: 'pill' }, 'streaming ', summary.streaming, ' / ', summary.total),
      h('span', { class: 'pill' }, 'people now ', summary.persons),
      h('span', { class: 'pill' }, 'nodes ', summary.nodes),
      h('span', { class: 'spacer' }),
      h('div', { style: 'width: 200px' }, siteFilter),
      session.isAdmin ? h('a', { class: 'button', href: '#/manage', 'data-testid': 'add-camera-link', text: '+ Add cameras' }) : null),
    empty,
    grid);

  const visible = new Set();
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const id = entry.target.dataset.camera;
      if (entry.isIntersecting) { visible.add(id); const tile = tiles.get(id); if (tile) tile.stopThumbnails.kick(); } else visible.delete(id);
    }
  });

  function tileFor(camera) {
    let tile = tiles.get(camera.id);
    if (tile) return tile;
    const canvas = h('canvas');
    const name = h('span', { class: 'name' });
    const state = h('span', { 'data-testid': 'state' });
    const pipeline = h('span', { class: 'badge pipeline hidden', 'data-testid': 'pipeline', title: 'Pipeline of the latest frame' });
    const persons = h('div', { class: 'persons', 'data-testid': 'persons' });
    const reason = h('div', { class: 'reason hidden', 'data-testid': 'reason' });
    const cell = (label) => { const b = h('b', { text: '–' }); return [h('div', {}, b, label), b]; };
    const [fpsInCell, fpsIn] = cell('fps in');
    const [fpsOutCell, fpsOut] = cell('fps out');
    const [dropsCell, drops] = cell('drops');
    const [latencyCell, latency] = cell('latency');
    const [nodeCell, node] = cell('node');
    const el = h('div', { class: 'tile', 'data-testid': 'camera-tile', dataset: { camera: camera.id }, onclick: () => { location.hash = `#/camera/${camera.id}`; } },
      h('div', { class: 'view' }, canvas, h('div', { class: 'overlay-top' }, name, h('span', { class: 'chips' }, pipeline, state)), persons, reason),
      h('div', { class: 'stats' }, fpsInCell, fpsOutCell, dropsCell, latencyCell, nodeCell));
    tile = { el, name, state, pipeline, persons, reason, fpsIn, fpsOut, drops, latency, node, canvas: new CameraCanvas(canvas), camera, lastPose: 0 };
    tile.stopThumbnails = thumbnailLoop(camera.id, tile.canvas, 1000, () => visible.has(camera.id) && (tile.camera.state === 'streaming' || tile.camera.state === 'stalled'));
    tiles.set(camera.id, tile);
    observer.observe(el);
    return tile;
  }

  function render(tile) {
    const c = tile.camera;
    tile.name.textContent = c.name;
    tile.name.title = `${c.name}${c.site ? ' · ' + c.site : ''}`;
    clear(tile.state).append(badge(c.state));
    tile.state.dataset.state = c.state;
    tile.reason.textContent = c.reason || '';
    tile.reason.classList.toggle('hidden', !c.reason || c.state === 'streaming');
    const livePose = live.latest.get(c.id);
    const fresh = livePose && Date.now() - tile.lastPose < 3000;
    const persons = fresh ? livePose.persons.length : c.persons;
    clear(tile.persons).append(persons === null || persons === undefined ? '–' : String(persons), h('small', { text: 'people' }));
    tile.persons.dataset.persons = persons === null || persons === undefined ? '' : String(persons);
    tile.fpsIn.textContent = num(fresh ? livePose.fps_in : c.fps_in);
    tile.fpsOut.textContent = num(fresh ? livePose.fps_out : c.fps_out);
    tile.drops.textContent = String(fresh ? livePose.drops : c.drops);
    tile.latency.textContent = c.latency_ms === null && !fresh ? '–' : `${Math.round(fresh ? livePose.latency_ms : c.latency_ms)} ms`;
    tile.node.textContent = c.node || '–';
    setPipeline(tile, (fresh && livePose.pipeline) || c.pipeline_in_use);
  }

  function setPipeline(tile, pipeline) {
    if (tile.pipeline.textContent !== (pipeline || '')) tile.pipeline.textContent = pipeline || '';
    tile.pipeline.classList.toggle('hidden', !pipeline);
    tile.pipeline.dataset.pipeline = pipeline || '';
  }

  let sitesLoaded = false;
  async function refresh() {
    const site = siteFilter.value;
    const [list, nodes] = await Promise.all([api('/api/cameras' + (site ? `?site=${site}` : '')), api('/api/nodes')]);
    if (!list.ok) return;
    if (!sitesLoaded) {
      sitesLoaded = true;
      const sites = await api('/api/sites');
      for (const s of sites.data || []) siteFilter.append(h('option', { value: s.id, text: s.name }));
    }
    const seen = new Set();
    for (const camera of list.data) {
      const tile = tileFor(camera);
      tile.camera = camera;
      seen.add(camera.id);
      render(tile);
      if (tile.el.parentElement !== grid) grid.append(tile.el);
    }
    for (const [id, tile] of tiles) {
      if (!seen.has(id)) { tile.stopThumbnails(); observer.unobserve(tile.el); tile.el.remove(); tiles.delete(id); }
    }
    // Keep the grid in name order.
    [...tiles.values()].sort((a, b) => a.camera.name.localeCompare(b.camera.name)).forEach((t) => grid.append(t.el));
    empty.classList.toggle('hidden', list.data.length > 0);
    summary.total.textContent = String(list.data.length);
    summary.streaming.textContent = String(list.data.filter((c) => c.state === 'streaming').length);
    summary.persons.textContent = String(list.data.reduce((sum, c) => sum + (c.persons || 0), 0));
    if (nodes.ok) summary.nodes.textContent = String(nodes.data.filter((n) => n.status === 'active').length);
  }

  const offPose = live.on('pose', (pose) => {
    const tile = tiles.get(pose.camera);
    if (!tile) return;
    tile.lastPose = Date.now();
    tile.canvas.setPose(pose);
    if (tile.camera.state !== 'streaming') tile.camera = { ...tile.camera, state: 'streaming', reason: null };
    tile.persons.dataset.persons = String(pose.persons.length);
    if (pose.pipeline) setPipeline(tile, pose.pipeline);
    clear(tile.persons).append(String(pose.persons.length), h('small', { text: 'people' }));
  });
  live.subscribe([], 0);

  let frame = 0;
  const draw = () => {
    for (const tile of tiles.values()) {
      if (!visible.has(tile.camera.id)) continue;
      tile.canvas.resize();
      if (tile.canvas.dirty) live.probe.persons_drawn += tile.canvas.draw();
    }
    frame = requestAnimationFrame(draw);
  };
  frame = requestAnimationFrame(draw);
  refresh();
  const poll = setInterval(refresh, 1000);
  return () => {
    clearInterval(poll);
    cancelAnimationFrame(frame);
    offPose();
    observer.disconnect();
    for (const tile of tiles.values()) tile.stopThumbnails();
  };
}
