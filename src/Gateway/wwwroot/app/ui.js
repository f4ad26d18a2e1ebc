// Small DOM helpers: every text goes through textContent (names and reasons are user data).
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function badge(state, text) {
  return h('span', { class: `badge ${state || ''}`, text: text || state || '' });
}

export function num(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return Number(value).toFixed(digits);
}

export function ago(ms) {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60000)} min`;
}

export function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

export function fieldErrors(problem) {
  if (!problem) return 'Request failed.';
  if (problem.errors) {
    return Object.entries(problem.errors).map(([field, messages]) => `${field}: ${messages.join('; ')}`).join('\n');
  }
  return problem.detail || problem.title || 'Request failed.';
}
