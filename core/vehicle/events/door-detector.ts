/**
 * vehicle.door_opened / _closed for every VSS door, trunk and hood `IsOpen` path
 * (Vehicle.Cabin.Door.Row1.DriverSide.IsOpen, Vehicle.Body.Trunk.Rear.IsOpen, ...). The first value
 * of each is its initial state and emits nothing.
 */
import type { CarEventDetector } from './detector.js';

const DOOR_PATH = /^Vehicle\.(?:Cabin\.Door\.(Row\d+\.[A-Za-z]+)|Body\.(Trunk(?:\.[A-Za-z]+)?|Hood))\.IsOpen$/;

export function createDoorDetector(): CarEventDetector {
  const open = new Map<string, boolean>();
  const names = new Map<string, string | null>();
  const nameOf = (path: string): string | null => {
    let name = names.get(path);
    if (name === undefined) {
      const match = DOOR_PATH.exec(path);
      name = match === null ? null : (match[1] ?? match[2]);
      names.set(path, name);
    }
    return name;
  };
  return {
    onUpdate(update, ts, { emit }) {
      if (typeof update.value !== 'boolean' || !update.path.endsWith('.IsOpen')) return;
      const door = nameOf(update.path);
      if (door === null) return;
      const was = open.get(update.path);
      open.set(update.path, update.value);
      if (was === undefined || was === update.value) return;
      emit(update.value ? 'vehicle.door_opened' : 'vehicle.door_closed', ts, { door, path: update.path });
    },
  };
}
