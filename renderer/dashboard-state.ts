import type {
  AutomationInfo, CarEventInfo, Derived, DeviceInfo, HomeZoneInfo, NotificationInfo, Presence, RunInfo, SceneInfo, Signal, Snapshot, Update,
} from '../core/api/protocol.js';

export type RunSummary = Omit<RunInfo, 'trace'>;
/** Which part of the page a change touches: each panel redraws only for its own. */
export type Slice = 'signals' | 'vehicle' | 'devices' | 'timeline' | 'scenes' | 'automations' | 'connection';

export interface TrackPoint {
  latitude: number;
  longitude: number;
  ts: number;
}

const MAX_TRACK = 2000;
const MAX_TIMELINE = 200;

/** Everything the page shows, built from one snapshot and the pushed updates after it. */
export class DashboardState {
  home: HomeZoneInfo | null = null;
  readonly signals = new Map<string, Signal>();
  derived: Derived | null = null;
  presence: Presence | null = null;
  readonly track: TrackPoint[] = [];
  readonly devices = new Map<string, DeviceInfo>();
  scenes: SceneInfo[] = [];
  readonly automations = new Map<string, AutomationInfo>();
  readonly runs = new Map<string, RunSummary>();
  events: CarEventInfo[] = [];
  notifications: NotificationInfo[] = [];
  dryRun = false;
  connection: { state: string; detail: string } = { state: 'connecting', detail: '' };
  /** Paths whose value changed since a panel last looked (the charts read it). */
  readonly changedSignals = new Set<string>();
  private readonly dirty = new Set<Slice>();
  private readonly listeners: ((slices: ReadonlySet<Slice>) => void)[] = [];

  applySnapshot(snapshot: Snapshot): void {
    this.home = snapshot.home;
    this.signals.clear();
    for (const signal of snapshot.vehicle.signals) this.signals.set(signal.path, signal);
    this.derived = snapshot.vehicle.derived;
    this.setPresence(snapshot.vehicle.presence);
    this.devices.clear();
    for (const device of snapshot.devices) this.devices.set(device.id, device);
    this.scenes = snapshot.scenes;
    this.automations.clear();
    for (const automation of snapshot.automations) {
      this.automations.set(automation.id, automation);
      if (automation.last_run) this.runs.set(automation.last_run.run_id, automation.last_run);
    }
    this.events = snapshot.events.slice(-MAX_TIMELINE);
    this.notifications = snapshot.notifications.slice(-MAX_TIMELINE);
    this.dryRun = snapshot.dry_run;
    for (const slice of ['signals', 'vehicle', 'devices', 'timeline', 'scenes', 'automations'] as const) this.dirty.add(slice);
  }

  apply(update: Update): void {
    switch (update.topic) {
      case 'signals':
        for (const signal of update.signals) {
          this.signals.set(signal.path, signal);
          this.changedSignals.add(signal.path);
        }
        this.dirty.add('signals');
        break;
      case 'vehicle':
        this.derived = update.derived;
        this.setPresence(update.presence);
        this.dirty.add('vehicle');
        break;
      case 'devices':
        this.devices.set(update.device.id, update.device);
        this.dirty.add('devices');
        break;
      case 'events':
        this.addEvents([update.event]);
        break;
      case 'runs':
        this.addRuns([update.run]);
        break;
      case 'automations':
        this.automations.set(update.automation.id, update.automation);
        this.dirty.add('automations');
        break;
      case 'notifications':
        this.notifications.push(update.notification);
        if (this.notifications.length > MAX_TIMELINE) this.notifications.shift();
        this.dirty.add('timeline');
        break;
    }
  }

  addRuns(runs: readonly RunSummary[]): void {
    for (const run of runs) this.runs.set(run.run_id, run);
    while (this.runs.size > MAX_TIMELINE) this.runs.delete(this.runs.keys().next().value as string);
    this.dirty.add('timeline');
    this.dirty.add('automations');
  }

  addEvents(events: readonly CarEventInfo[]): void {
    const seen = new Set(this.events.map((e) => `${e.name}@${e.ts}`));
    const fresh = events.filter((e) => {
      const key = `${e.name}@${e.ts}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const merged = [...this.events, ...fresh].sort((a, b) => a.ts - b.ts);
    this.events = merged.slice(-MAX_TIMELINE);
    this.dirty.add('timeline');
  }

  setConnection(state: string, detail = ''): void {
    this.connection = { state, detail };
    this.dirty.add('connection');
  }

  /** Marks a slice changed from outside (optimistic device values, a finished scene run). */
  touch(slice: Slice): void {
    this.dirty.add(slice);
  }

  onChange(listener: (slices: ReadonlySet<Slice>) => void): void {
    this.listeners.push(listener);
  }

  /** Hands the accumulated changes to the listeners (once per animation frame). */
  flush(): void {
    if (this.dirty.size === 0) return;
    const slices = new Set(this.dirty);
    this.dirty.clear();
    this.listeners.forEach((listener) => listener(slices));
    this.changedSignals.clear();
  }

  private setPresence(presence: Presence): void {
    this.presence = presence;
    if (presence.latitude === null || presence.longitude === null) return;
    const last = this.track[this.track.length - 1];
    if (last && Math.abs(last.latitude - presence.latitude) < 1e-6 && Math.abs(last.longitude - presence.longitude) < 1e-6) return;
    this.track.push({ latitude: presence.latitude, longitude: presence.longitude, ts: presence.ts });
    if (this.track.length > MAX_TRACK) this.track.splice(0, this.track.length - MAX_TRACK);
  }
}
