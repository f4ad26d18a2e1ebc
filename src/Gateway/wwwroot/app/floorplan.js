// A site's floor plan on a canvas: metre grid, floor zones with live counts, calibration marks, people coloured by
// posture, and a draft polygon while an admin draws a zone. x grows to the right and y downwards, in metres.
import { ZONE_COLORS } from './skeleton.js';

export const POSTURE_COLORS = { standing: '#3fb950', sitting: '#e3b341', lying: '#f85149', unknown: '#8b97a7' };
const MIN_EXTENT = 4;
const MARGIN = 1;

export class FloorPlan {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.zones = [];
    this.counts = new Map();
    this.marks = [];
    this.identities = [];
    this.draft = null;
    this.stale = false;
    this.seen = null;
    this.dirty = true;
  }

  setZones(zones) { this.zones = zones || []; this.seen = null; this.dirty = true; }
  setMarks(marks) { this.marks = marks || []; this.seen = null; this.dirty = true; }
  setIdentities(identities, stale = false) { this.identities = identities || []; this.stale = stale; this.dirty = true; }
  setCounts(zones) { this.counts = new Map((zones || []).map((z) => [z.name, z.persons])); this.dirty = true; }
  setDraft(points) { this.draft = points; this.dirty = true; }

  resize() {
    const rect = this.canvas.getBoundingClientRect();
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    const w = Math.max(1, Math.round(rect.width * ratio));
    const hgt = Math.max(1, Math.round(rect.height * ratio));
    if (this.canvas.width !== w || this.canvas.height !== hgt) { this.canvas.width = w; this.canvas.height = hgt; this.dirty = true; }
  }

  /** The floor area shown: everything known so far plus a margin. It only grows (people walking out widen it) until zones or marks change. */
  bounds() {
    const points = [...this.zones.flatMap((z) => z.polygon), ...this.marks.map((m) => [m.x, m.y]), ...this.identities.map((p) => [p.x, p.y]), ...(this.draft || [])];
    let b = this.seen;
    for (const [x, y] of points) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (!b) b = { x0: x, y0: y, x1: x, y1: y };
      else b = { x0: Math.min(b.x0, x), y0: Math.min(b.y0, y), x1: Math.max(b.x1, x), y1: Math.max(b.y1, y) };
    }
    this.seen = b;
    if (!b) return { x0: -MARGIN, y0: -MARGIN, x1: MIN_EXTENT + MARGIN, y1: MIN_EXTENT + MARGIN };
    const cx = (b.x0 + b.x1) / 2, cy = (b.y0 + b.y1) / 2;
    const half = (v) => Math.max(MIN_EXTENT, v) / 2 + MARGIN;
    return { x0: cx - half(b.x1 - b.x0), x1: cx + half(b.x1 - b.x0), y0: cy - half(b.y1 - b.y0), y1: cy + half(b.y1 - b.y0) };
  }

  /** Metres to canvas pixels, one scale for both axes (a square metre stays square). */
  transform() {
    const b = this.bounds();
    const W = this.canvas.width, H = this.canvas.height;
    const scale = Math.min(W / (b.x1 - b.x0), H / (b.y1 - b.y0));
    const ox = (W - (b.x1 - b.x0) * scale) / 2 - b.x0 * scale;
    const oy = (H - (b.y1 - b.y0) * scale) / 2 - b.y0 * scale;
    return { scale, ox, oy, b };
  }

  /** Floor metres of a click (rounded to centimetres). */
  toFloor(event) {
    const rect = this.canvas.getBoundingClientRect();
    const ratio = this.canvas.width / rect.width;
    const { scale, ox, oy } = this.transform();
    const x = ((event.clientX - rect.left) * ratio - ox) / scale;
    const y = ((event.clientY - rect.top) * ratio - oy) / scale;
    return [Math.round(x * 100) / 100, Math.round(y * 100) / 100];
  }

  draw() {
    if (!this.dirty) return;
    this.dirty = false;
    const { ctx, canvas } = this;
    const W = canvas.width, H = canvas.height;
    const { scale, ox, oy, b } = this.transform();
    const X = (x) => ox + x * scale, Y = (y) => oy + y * scale;
    const px = Math.max(1, W / 800);
    ctx.fillStyle = '#05070a';
    ctx.fillRect(0, 0, W, H);

    // Grid: 1 m lines, coarser when the plan is large; labelled every few lines.
    const extent = Math.max(b.x1 - b.x0, b.y1 - b.y0);
    const step = extent > 200 ? 20 : extent > 80 ? 10 : extent > 30 ? 5 : 1;
    const labelEvery = step * (scale * step < 40 ? 5 : 1);
    ctx.lineWidth = px;
    ctx.font = `${Math.round(10 * px)}px system-ui, sans-serif`;
    for (let x = Math.ceil(b.x0 / step) * step; x <= b.x1; x += step) {
      ctx.strokeStyle = x === 0 ? '#3a4556' : '#1a212b';
      ctx.beginPath(); ctx.moveTo(X(x), 0); ctx.lineTo(X(x), H); ctx.stroke();
      if (Math.abs(x % labelEvery) < 1e-9) { ctx.fillStyle = '#5d6877'; ctx.fillText(`${x} m`, X(x) + 3 * px, H - 4 * px); }
    }
    for (let y = Math.ceil(b.y0 / step) * step; y <= b.y1; y += step) {
      ctx.strokeStyle = y === 0 ? '#3a4556' : '#1a212b';
      ctx.beginPath(); ctx.moveTo(0, Y(y)); ctx.lineTo(W, Y(y)); ctx.stroke();
      if (Math.abs(y % labelEvery) < 1e-9) { ctx.fillStyle = '#5d6877'; ctx.fillText(`${y} m`, 3 * px, Y(y) - 3 * px); }
    }

    this.zones.forEach((zone, i) => {
      const color = zone.restricted ? '#f85149' : ZONE_COLORS[i % ZONE_COLORS.length];
      ctx.beginPath();
      zone.polygon.forEach(([x, y], k) => (k === 0 ? ctx.moveTo(X(x), Y(y)) : ctx.lineTo(X(x), Y(y))));
      ctx.closePath();
      ctx.fillStyle = color + (zone.restricted ? '33' : '24');
      ctx.fill();
      ctx.strokeStyle = color; ctx.lineWidth = 2 * px; ctx.setLineDash(zone.restricted ? [8 * px, 4 * px] : []);
      ctx.stroke(); ctx.setLineDash([]);
      const count = this.counts.get(zone.name);
      const label = `${zone.name}${zone.restricted ? ' (restricted)' : ''}${count === undefined ? '' : ' · ' + count}`;
      const [lx, ly] = zone.polygon.reduce(([ax, ay], [x, y]) => [Math.min(ax, x), Math.min(ay, y)], [Infinity, Infinity]);
      ctx.font = `600 ${Math.round(12 * px)}px system-ui, sans-serif`;
      const tw = ctx.measureText(label).width;
      ctx.fillStyle = 'rgba(0,0,0,.6)'; ctx.fillRect(X(lx) + 2 * px, Y(ly) + 2 * px, tw + 10 * px, 18 * px);
      ctx.fillStyle = color; ctx.fillText(label, X(lx) + 7 * px, Y(ly) + 15 * px);
    });

    // Calibration marks: where each camera's floor points are (small crosses).
    ctx.strokeStyle = '#56d4dd'; ctx.lineWidth = 1.5 * px;
    for (const m of this.marks) {
      const r = 5 * px;
      ctx.beginPath(); ctx.moveTo(X(m.x) - r, Y(m.y)); ctx.lineTo(X(m.x) + r, Y(m.y)); ctx.moveTo(X(m.x), Y(m.y) - r); ctx.lineTo(X(m.x), Y(m.y) + r); ctx.stroke();
    }

    if (this.draft && this.draft.length) {
      ctx.beginPath();
      this.draft.forEach(([x, y], k) => (k === 0 ? ctx.moveTo(X(x), Y(y)) : ctx.lineTo(X(x), Y(y))));
      if (this.draft.length > 2) ctx.closePath();
      ctx.fillStyle = 'rgba(255,255,255,.1)'; ctx.fill();
      ctx.strokeStyle = '#fff'; ctx.lineWidth = 1.5 * px; ctx.setLineDash([6 * px, 4 * px]); ctx.stroke(); ctx.setLineDash([]);
      ctx.fillStyle = '#fff';
      for (const [x, y] of this.draft) { ctx.beginPath(); ctx.arc(X(x), Y(y), 4 * px, 0, Math.PI * 2); ctx.fill(); }
    }

    ctx.globalAlpha = this.stale ? 0.35 : 1;
    for (const p of this.identities) {
      const color = POSTURE_COLORS[p.posture] || POSTURE_COLORS.unknown;
      const r = (p.posture === 'lying' ? 9 : 7) * px;
      ctx.beginPath(); ctx.arc(X(p.x), Y(p.y), r, 0, Math.PI * 2);
      ctx.fillStyle = color; ctx.fill();
      ctx.lineWidth = 2 * px; ctx.strokeStyle = '#0e1116'; ctx.stroke();
      ctx.font = `700 ${Math.round(12 * px)}px system-ui, sans-serif`;
      ctx.fillStyle = '#e6edf3'; ctx.fillText(`#${p.id}`, X(p.x) + r + 3 * px, Y(p.y) + 4 * px);
    }
    ctx.globalAlpha = 1;
  }
}
