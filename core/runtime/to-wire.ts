/** Internal shapes → the wire shapes of core/api/protocol.ts (the page never sees Node types). */
import { map, type OperatorFunction } from 'rxjs';
import type { CarEventInfo, Derived, Presence, Signal, Update } from '../api/protocol.js';
import type { CarEvent, HomePresence } from '../vehicle/events/car-event.js';
import type { DerivedVehicleState, VssSample } from '../vehicle/state/vss-sample.js';

export function wireSample(sample: VssSample): Signal {
  const value = typeof sample.value === 'bigint' ? Number(sample.value) : sample.value;
  return { path: sample.path, value, ts: sample.ts, stale: sample.stale };
}

export function toWireSample(): OperatorFunction<VssSample, Update> {
  return map((sample) => ({ topic: 'signals', signals: [wireSample(sample)] }));
}

export function wireDerived(d: DerivedVehicleState): Derived {
  return { moving: d.moving, parked: d.parked, ignition: d.ignition, gear: d.gear, speed_kmh: d.speedKmh, soc_pct: d.socPct, charging: d.charging };
}

export function wirePresence(p: HomePresence): Presence {
  return { state: p.state, distance_m: p.distanceM, eta_s: p.etaS, latitude: p.latitude, longitude: p.longitude, accuracy_m: p.accuracyM, ts: p.ts };
}

export function toWireEvent(event: CarEvent): CarEventInfo {
  return { name: event.name, ts: event.ts, evidence: { ...event.evidence } };
}


