import type { DeviceCommand } from './host.js';

/** The command keys a device step and a scene step share (see actions/device.ts). */
export interface DeviceStepFields {
  readonly device: string;
  readonly set?: Record<string, string | number | boolean> | undefined;
  readonly action?: string | undefined;
  readonly args?: readonly unknown[] | undefined;
  readonly miot_action?: { siid: number; aiid: number; in?: readonly unknown[] | undefined } | undefined;
  readonly call?: string | undefined;
  readonly params?: readonly unknown[] | undefined;
}

/** One step → the commands it sends, in order (`set:` with several properties sends one each, as written). */
export function deviceCommands(step: DeviceStepFields): DeviceCommand[] {
  const { device } = step;
  if (step.set !== undefined) return Object.entries(step.set).map(([name, value]) => ({ device, kind: 'set', name, value }));
  if (step.action !== undefined) return [{ device, kind: 'action', name: step.action, args: step.args ?? [] }];
  if (step.miot_action !== undefined) {
    const { siid, aiid } = step.miot_action;
    return [{ device, kind: 'miot_action', name: `${siid}.${aiid}`, siid, aiid, args: step.miot_action.in ?? [] }];
  }
  if (step.call !== undefined) return [{ device, kind: 'call', name: step.call, args: step.params ?? [] }];
  return [];
}
