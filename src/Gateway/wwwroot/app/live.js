// The live feed: one SignalR connection to /hubs/live for the whole page. Pages subscribe to the cameras they show and,
// on the site page, to the site whose snapshots (floor positions, zone counts, events) they draw.
const MAX_SAMPLES = 20000;

class LiveFeed {
  constructor() {
    this.listeners = { pose: new Set(), status: new Set(), site: new Set(), state: new Set() };
    this.latestSite = new Map();
    this.latest = new Map();
    this.subscription = { cameras: [], max_fps: 0, sites: [] };
    this.state = 'connecting';
    this.stats = null;
    // Counters for the browser tests and for anyone curious (window.__posecluster in the console).
    this.probe = { poses: 0, statuses: 0, sites: 0, persons_drawn: 0, thumbnails: 0, latency_ms: [], gateway_ms: [], silo_ms: [], persons: {} };
    window.__posecluster = this.probe;
  }

  async start() {
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/live')
      .withAutomaticReconnect([0, 500, 1000, 2000, 5000, 5000, 10000])
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.connection.on('Pose', (pose) => this.onPose(pose));
    this.connection.on('Status', (status) => { this.probe.statuses++; this.emit('status', status); });
    this.connection.on('Site', (site) => { this.probe.sites++; site._seen = Date.now(); this.latestSite.set(site.site, site); this.emit('site', site); });
    this.connection.on('Stats', (stats) => { this.stats = stats; this.emit('state', this.state); });
    this.connection.onreconnecting(() => this.setState('reconnecting'));
    this.connection.onreconnected(() => { this.setState('live'); this.sendSubscription(); });
    this.connection.onclose(() => { this.setState('offline'); setTimeout(() => this.connect(), 3000); });
    await this.connect();
  }

  async connect() {
    try {
      await this.connection.start();
      this.setState('live');
      await this.sendSubscription();
    } catch (e) {
      this.setState('offline');
      setTimeout(() => this.connect(), 3000);
    }
  }

  onPose(pose) {
    const now = Date.now();
    const p = this.probe;
    p.poses++;
    p.persons[pose.camera] = pose.persons.length;
    push(p.latency_ms, now - pose.captured_ms);
    push(p.gateway_ms, pose.gateway_ms - pose.captured_ms);
    push(p.silo_ms, pose.latency_ms);
    pose._seen = now;
    this.latest.set(pose.camera, pose);
    this.emit('pose', pose);
  }

  /** cameras: ids to receive ([] = all); maxFps: per camera (0 = every frame); sites: ids whose snapshots to receive ([] = none). */
  subscribe(cameras, maxFps = 0, sites = []) {
    this.subscription = { cameras: cameras || [], max_fps: maxFps, sites: sites || [] };
    return this.sendSubscription();
  }

  async sendSubscription() {
    if (!this.connection || this.connection.state !== signalR.HubConnectionState.Connected) return;
    try { await this.connection.invoke('Subscribe', this.subscription); } catch (e) { /* resent on reconnect */ }
  }

  on(kind, fn) { this.listeners[kind].add(fn); return () => this.listeners[kind].delete(fn); }
  emit(kind, value) { for (const fn of this.listeners[kind]) { try { fn(value); } catch (e) { console.error(e); } } }
  setState(state) { this.state = state; this.emit('state', state); }
}

function push(list, value) { if (list.length >= MAX_SAMPLES) list.shift(); list.push(value); }

export const live = new LiveFeed();
