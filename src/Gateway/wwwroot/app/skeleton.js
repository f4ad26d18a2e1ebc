// Drawing: the latest frame (thumbnail), skeletons of the live poses (COCO-17), and zones.
const EDGES = [[15, 13], [13, 11], [16, 14], [14, 12], [11, 12], [5, 11], [6, 12], [5, 6], [5, 7], [6, 8], [7, 9], [8, 10], [1, 2], [0, 1], [0, 2], [1, 3], [2, 4], [3, 5], [4, 6]];
const LEFT = new Set([1, 3, 5, 7, 9, 11, 13, 15]);
const RIGHT = new Set([2, 4, 6, 8, 10, 12, 14, 16]);
const KP_MIN = 0.3;
export const ZONE_COLORS = ['#4f9cf9', '#f0883e', '#a371f7', '#3fb950', '#db61a2', '#e3b341', '#56d4dd', '#ff7b72'];

function edgeColor(a, b) {
  if (LEFT.has(a) && LEFT.has(b)) return '#3fb9ff';
  if (RIGHT.has(a) && RIGHT.has(b)) return '#ff9f43';
  return '#e6edf3';
}

/** A canvas showing one camera: background image, zones, skeletons. draw() only when dirty. */
export class CameraCanvas {
  constructor(canvas, { zones = [], showBoxes = false, lineWidth = 2 } = {}) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.image = null;
    this.pose = null;
    this.zones = zones;
    this.zoneCounts = new Map();
    this.draft = null;
    this.marks = [];
    this.showBoxes = showBoxes;
    this.lineWidth = lineWidth;
    this.dirty = true;
    this.drawnPersons = 0;
  }

  setImage(bitmap) { if (this.image && this.image.close) this.image.close(); this.image = bitmap; this.dirty = true; }
  setPose(pose) { this.pose = pose; this.dirty = true; }
  setZones(zones) { this.zones = zones || []; this.dirty = true; }

  resize() {
    const rect = this.canvas.getBoundingClientRect();
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    const w = Math.max(1, Math.round(rect.width * ratio));
    const hgt = Math.max(1, Math.round(rect.height * ratio));
    if (this.canvas.width !== w || this.canvas.height !== hgt) { this.canvas.width = w; this.canvas.height = hgt; this.dirty = true; }
  }

  draw() {
    if (!this.dirty) return 0;
    this.dirty = false;
    const { ctx, canvas } = this;
    const W = canvas.width, H = canvas.height;
    ctx.fillStyle = '#05070a';
    ctx.fillRect(0, 0, W, H);
    const srcW = (this.pose && this.pose.width) || (this.image && this.image.width) || 4;
    const srcH = (this.pose && this.pose.height) || (this.image && this.image.height) || 3;
    const scale = Math.min(W / srcW, H / srcH);
    const ox = (W - srcW * scale) / 2, oy = (H - srcH * scale) / 2;
    if (this.image) ctx.drawImage(this.image, ox, oy, srcW * scale, srcH * scale);
    this.drawZones(ox, oy, srcW * scale, srcH * scale);
    this.drawMarks(ox, oy, srcW * scale, srcH * scale);
    let persons = 0;
    if (this.pose && this.pose.persons) {
      const lw = Math.max(1.5, this.lineWidth * (W / 640));
      for (const person of this.pose.persons) {
        persons++;
        const kp = person.keypoints || [];
        const X = (i) => ox + kp[i][0] * scale, Y = (i) => oy + kp[i][1] * scale;
        if (this.showBoxes && person.box) {
          ctx.strokeStyle = 'rgba(230,237,243,.35)'; ctx.lineWidth = 1;
          const [x1, y1, x2, y2] = person.box;
          ctx.strokeRect(ox + x1 * scale, oy + y1 * scale, (x2 - x1) * scale, (y2 - y1) * scale);
        }
        ctx.lineWidth = lw; ctx.lineCap = 'round';
        for (const [a, b] of EDGES) {
          if (!kp[a] || !kp[b] || kp[a][2] < KP_MIN || kp[b][2] < KP_MIN) continue;
          ctx.strokeStyle = edgeColor(a, b);
          ctx.beginPath(); ctx.moveTo(X(a), Y(a)); ctx.lineTo(X(b), Y(b)); ctx.stroke();
        }
        ctx.fillStyle = '#ffffff';
        for (let i = 0; i < kp.length; i++) {
          if (kp[i][2] < KP_MIN) continue;
          ctx.beginPath(); ctx.arc(X(i), Y(i), lw * 0.9, 0, Math.PI * 2); ctx.fill();
        }
      }
    }
    this.drawnPersons = persons;
    return persons;
  }

  drawZones(ox, oy, w, hgt) {
    const ctx = this.ctx;
    const all = [...this.zones];
    if (this.draft && this.draft.length) all.push({ id: '__draft', name: 'new zone', polygon: this.draft, draft: true });
    all.forEach((zone, i) => {
      const pts = zone.polygon || [];
      if (!pts.length) return;
      const color = zone.draft ? '#ffffff' : ZONE_COLORS[i % ZONE_COLORS.length];
      ctx.beginPath();
      pts.forEach(([x, y], k) => { const px = ox + x * w, py = oy + y * hgt; if (k === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py); });
      if (!zone.draft || pts.length > 2) ctx.closePath();
      ctx.fillStyle = zone.draft ? 'rgba(255,255,255,.12)' : color + '2e';
      ctx.fill();
      ctx.strokeStyle = color; ctx.lineWidth = Math.max(1.5, w / 400); ctx.setLineDash(zone.draft ? [6, 4] : []);
      ctx.stroke(); ctx.setLineDash([]);
      if (zone.draft) {
        ctx.fillStyle = '#fff';
        for (const [x, y] of pts) { ctx.beginPath(); ctx.arc(ox + x * w, oy + y * hgt, 4, 0, Math.PI * 2); ctx.fill(); }
      } else {
        const count = this.zoneCounts.get(zone.id);
        const label = count === undefined || count === null ? zone.name : `${zone.name} · ${count}`;
        const [lx, ly] = pts[0];
        ctx.font = `600 ${Math.max(11, Math.round(w / 48))}px system-ui, sans-serif`;
        const tw = ctx.measureText(label).width;
        ctx.fillStyle = 'rgba(0,0,0,.6)'; ctx.fillRect(ox + lx * w, oy + ly * hgt - 18, tw + 10, 18);
        ctx.fillStyle = color; ctx.fillText(label, ox + lx * w + 5, oy + ly * hgt - 5);
      }
    });
  }

  /** Calibration marks: numbered rings at normalised image points ({x, y, label}). */
  drawMarks(ox, oy, w, hgt) {
    const ctx = this.ctx;
    const r = Math.max(6, w / 90);
    ctx.font = `700 ${Math.max(11, Math.round(w / 55))}px system-ui, sans-serif`;
    for (const m of this.marks || []) {
      const x = ox + m.x * w, y = oy + m.y * hgt;
      ctx.lineWidth = 2; ctx.strokeStyle = '#000'; ctx.beginPath(); ctx.arc(x, y, r + 1, 0, Math.PI * 2); ctx.stroke();
      ctx.strokeStyle = '#56d4dd'; ctx.beginPath(); ctx.arc(x, y, r, 0, Math.PI * 2); ctx.moveTo(x - r * 1.6, y); ctx.lineTo(x + r * 1.6, y); ctx.moveTo(x, y - r * 1.6); ctx.lineTo(x, y + r * 1.6); ctx.stroke();
      ctx.fillStyle = 'rgba(0,0,0,.65)'; ctx.fillRect(x + r + 2, y - r - 16, ctx.measureText(m.label).width + 8, 16);
      ctx.fillStyle = '#56d4dd'; ctx.fillText(m.label, x + r + 6, y - r - 4);
    }
  }

  /** Normalised image coordinates of a click, or null outside the image. */
  toImage(event) {
    const rect = this.canvas.getBoundingClientRect();
    const ratio = this.canvas.width / rect.width;
    const W = this.canvas.width, H = this.canvas.height;
    const srcW = (this.pose && this.pose.width) || (this.image && this.image.width) || 4;
    const srcH = (this.pose && this.pose.height) || (this.image && this.image.height) || 3;
    const scale = Math.min(W / srcW, H / srcH);
    const ox = (W - srcW * scale) / 2, oy = (H - srcH * scale) / 2;
    const x = ((event.clientX - rect.left) * ratio - ox) / (srcW * scale);
    const y = ((event.clientY - rect.top) * ratio - oy) / (srcH * scale);
    if (x < 0 || x > 1 || y < 0 || y > 1) return null;
    return [Math.round(x * 10000) / 10000, Math.round(y * 10000) / 10000];
  }
}

/** Fetches a camera's thumbnail every `intervalMs` while `active()` says so; `kick()` fetches at once (a tile became visible). */
export function thumbnailLoop(cameraId, target, intervalMs, active) {
  let stopped = false;
  let timer = null;
  let busy = false;
  const fetchOnce = async () => {
    if (busy || stopped || !active()) return;
    busy = true;
    try {
      const response = await fetch(`/api/cameras/${cameraId}/thumbnail.jpg`, { cache: 'no-store', credentials: 'same-origin' });
      if (response.ok) {
        const bitmap = await createImageBitmap(await response.blob());
        if (!stopped) { target.setImage(bitmap); if (window.__posecluster) window.__posecluster.thumbnails++; } else bitmap.close();
      }
    } catch (e) { /* the next tick retries */ }
    busy = false;
  };
  const tick = async () => {
    await fetchOnce();
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  tick();
  const stop = () => { stopped = true; clearTimeout(timer); };
  stop.kick = fetchOnce;
  return stop;
}
