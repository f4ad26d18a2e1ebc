// REST calls to the gateway. A 401 sends the browser to the login page.
export async function api(path, { method = 'GET', body, headers = {}, raw = false } = {}) {
  const init = { method, headers: { ...headers }, credentials: 'same-origin' };
  if (body !== undefined) {
    if (typeof body === 'string' && headers['Content-Type']) init.body = body;
    else { init.body = JSON.stringify(body); init.headers['Content-Type'] = 'application/json'; }
  }
  const response = await fetch(path, init);
  if (response.status === 401) {
    location.href = '/login?return=' + encodeURIComponent(location.pathname + location.hash);
    throw new Error('signed out');
  }
  if (raw) return response;
  let data = null;
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) data = await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, data, problem: response.ok ? null : data };
}
