import { concat, concatMap, defer, from, map, merge, type Observable, of, tap, toArray } from 'rxjs';
import type { SceneInfo, SceneRunInfo, StepResult } from '../api/protocol.js';
import type { SceneConfig } from './config-schema.js';
import { deviceCommands } from './device-commands.js';
import type { DeviceCommand } from './host.js';

export function sceneInfo(scene: SceneConfig): SceneInfo {
  return { id: scene.id, name: scene.name ?? scene.id, devices: [...new Set(scene.steps.map((s) => s.device))], steps: scene.steps.length };
}

/** A later step of a device whose earlier step failed is not sent (the device is likely offline), and says so. */
function skipped(command: DeviceCommand): StepResult {
  return { device: command.device, method: command.name, ok: false, error: { code: 'skipped', message: 'not sent: an earlier step of this device failed' } };
}

/**
 * Runs a scene: each device's steps in order, devices in parallel; a failing device does not stop
 * the others. `send` never errors (a failure is ok: false). Results come back in config order.
 */
export function runScene$(scene: SceneConfig, send: (command: DeviceCommand) => Observable<StepResult>): Observable<SceneRunInfo> {
  return defer(() => {
    const commands = scene.steps.flatMap((step) => deviceCommands(step));
    const results: StepResult[] = new Array<StepResult>(commands.length);
    const byDevice = new Map<string, number[]>();
    commands.forEach((c, i) => byDevice.set(c.device, [...(byDevice.get(c.device) ?? []), i]));
    const chains = [...byDevice.values()].map((indexes) => {
      let failed = false;
      return from(indexes).pipe(
        concatMap((i) => {
          const command = commands[i] as DeviceCommand;
          if (failed) return of(skipped(command)).pipe(tap((r) => (results[i] = r)));
          return send(command).pipe(
            tap((r) => {
              results[i] = r;
              if (!r.ok) failed = true;
            }),
          );
        }),
      );
    });
    return concat(merge(...chains), of(null)).pipe(
      toArray(),
      map(() => ({ scene: scene.id, ok: results.every((r) => r.ok), steps: results })),
    );
  });
}
