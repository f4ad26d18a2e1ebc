// The dashboard shell: who is signed in, navigation, the live-feed indicator, and the page router (#/page/...).
import { api } from './api.js';
import { live } from './live.js';
import * as cameras from './pages/cameras.js';
import * as camera from './pages/camera.js';
import * as sites from './pages/sites.js';
import * as nodes from './pages/nodes.js';
import * as manage from './pages/manage.js';
import * as webhooks from './pages/webhooks.js';

const root = document.getElementById('page');
let unmount = null;
const session = { name: '', role: 'viewer', isAdmin: false };

async function boot() {
  const me = await api('/api/auth/me');
  Object.assign(session, me.data, { isAdmin: me.data.role === 'admin' });
  document.getElementById('who').textContent = `${session.name} · ${session.role}`;
  // Admin-only pages: viewers get no nav entry (the API refuses them anyway).
  for (const id of ['nav-manage', 'nav-webhooks']) document.getElementById(id).classList.toggle('hidden', !session.isAdmin);
  document.getElementById('logout').addEventListener('click', async (event) => {
    event.preventDefault();
    await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' });
    location.href = '/login';
  });
  live.on('state', (state) => {
    document.getElementById('live-text').textContent = state;
    document.getElementById('live-dot').className = 'dot ' + (state === 'live' ? 'ok' : state === 'offline' ? 'bad' : 'warn');
    if (live.stats) document.getElementById('client-drops').textContent = String(live.stats.dropped);
  });
  live.start();
  window.addEventListener('hashchange', route);
  route();
}

function route() {
  const parts = (location.hash || '#/cameras').replace(/^#\/?/, '').split('/');
  const [page, id] = parts;
  if (unmount) { unmount(); unmount = null; }
  while (root.firstChild) root.removeChild(root.firstChild);
  for (const link of document.querySelectorAll('#nav a')) link.classList.toggle('active', link.dataset.page === (page === 'camera' ? 'cameras' : page));
  const ctx = { session, live };
  if (page === 'camera' && id) unmount = camera.mount(root, ctx, id);
  else if (page === 'sites') unmount = sites.mount(root, ctx, id);
  else if (page === 'nodes') unmount = nodes.mount(root, ctx);
  else if (page === 'manage') unmount = manage.mount(root, ctx, id);
  else if (page === 'webhooks') unmount = webhooks.mount(root, ctx, id);
  else unmount = cameras.mount(root, ctx);
}

boot();
