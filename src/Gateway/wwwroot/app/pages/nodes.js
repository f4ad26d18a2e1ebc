// Nodes: the silos by class (GPU servers, NUCs) with device, load, the cameras placed on them and inference batches.
// A node that stops heartbeating shows as suspect, then dead; its cameras reappear on the survivors.
import { api } from '../api.js';
import { h, badge, num, ago, clear } from '../ui.js';

export function mount(root) {
  const body = h('div', { 'data-testid': 'nodes' });
  const summary = h('span', { class: 'pill' });
  root.append(h('div', { class: 'topbar' }, h('h1', { text: 'Nodes' }), summary), body);

  function card(node) {
    const utilization = Math.min(1, node.utilization || 0);
    const cameras = node.cameras.length
      ? h('div', { class: 'chips' }, node.cameras.map((c) => h('a', { class: 'chip', href: `#/camera/${c.id}`, text: c.name, 'data-testid': 'node-camera' })))
      : h('div', { class: 'notice', text: node.status === 'dead' || node.status === 'left' ? 'its cameras moved to other nodes' : 'no camera placed' });
    const inference = node.inference.length
      ? node.inference.map((g) => `${g.pipeline}: ${num(g.fps)} fps, ${g.in_flight} in flight${g.saturated ? ' (saturated)' : ''}`).join(' · ')
      : node.models.length ? '–' : 'ingest only (no model)';
    return h('div', { class: `node ${node.status}`, 'data-testid': 'node-card', dataset: { node: node.name, status: node.status } },
      h('div', { class: 'head' },
        h('span', { class: 'title', text: node.name }),
        badge(node.class, node.class.toUpperCase()),
        node.leader ? h('span', { class: 'chip', title: 'placement leader', text: '★ leader' }) : null,
        h('span', { class: 'spacer' }),
        h('span', { 'data-testid': 'node-status' }, badge(node.status))),
      h('div', { class: 'metrics' },
        h('div', {}, h('b', { text: node.device.toUpperCase() }), 'device'),
        h('div', {}, h('b', { text: String(node.cameras.length), 'data-testid': 'node-camera-count' }), 'cameras'),
        h('div', {}, h('b', { text: node.batch ? `${num(node.batch.mean)} / ${node.batch.max}` : '–' }), 'batch mean / max'),
        h('div', {}, h('b', { text: ago(node.heartbeat_age_ms) }), 'heartbeat')),
      h('div', {},
        h('div', { class: 'notice', text: `load ${num(node.load)} of ${num(node.capacity, 0)} units/s (${Math.round(utilization * 100)} %) · ${node.grains} grains${node.sites ? ` · ${node.sites} site(s)` : ''}` }),
        h('div', { class: `bar ${utilization > 0.85 ? 'hot' : ''}` }, h('span', { style: `width: ${Math.round(utilization * 100)}%` }))),
      cameras,
      h('div', { class: 'notice mono', text: inference }),
      h('div', { class: 'notice', text: `${node.address}${node.stream_connected ? '' : node.status === 'active' ? ' · pose stream not connected' : ''}` }));
  }

  async function refresh() {
    const result = await api('/api/nodes');
    if (!result.ok) return;
    const nodes = result.data;
    clear(body);
    summary.textContent = `${nodes.filter((n) => n.status === 'active').length} active · ${nodes.filter((n) => n.status === 'dead' || n.status === 'suspect').length} down`;
    if (!nodes.length) { body.append(h('div', { class: 'empty', text: 'No node has joined yet: start a silo (posecluster silo ...).' })); return; }
    for (const [cls, label] of [['gpu', 'GPU servers'], ['nuc', 'NUCs (CPU boxes)']]) {
      const group = nodes.filter((n) => n.class === cls);
      if (!group.length) continue;
      body.append(h('div', { class: 'node-group' }, h('h3', { text: `${label} · ${group.length}` }), h('div', { class: 'node-cards' }, group.map(card))));
    }
  }

  refresh();
  const poll = setInterval(refresh, 1000);
  return () => clearInterval(poll);
}
