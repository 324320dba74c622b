import type { SchedulerLike } from 'rxjs';
import type { DeviceFamily, FamilyProperty, PropertyValue } from '../home/model.js';
import { createBehaviour } from './behaviour-for.js';
import type { SimBehaviour, SimCallResult, SimState } from './behaviour.js';
import { deviceInfo, type DeviceInfoOptions } from './device-info.js';
import { handleMiio } from './miio-methods.js';
import { handleMiot } from './miot-methods.js';
import { seededRandom } from '../base/seeded-random.js';

export interface SimulatedDeviceOptions extends DeviceInfoOptions {
  readonly family: DeviceFamily;
  readonly did: number;
  readonly scheduler: SchedulerLike;
  /** Seed of the physics' drift (faults have their own stream). */
  readonly seed: number;
  /** The first stamp after start; a power cycle restarts the count at 1. */
  readonly stampStart?: number;
  /** Typed values that replace the behaviour's initial state. */
  readonly state?: Readonly<Record<string, PropertyValue>>;
  /** Requests with more properties than this answer -9999 (python-miio #1969); undefined = no limit. */
  readonly maxProperties?: number;
  /** Physics step; all behaviour runs in whole steps of this size. */
  readonly stepMs?: number;
}

export interface MiioRequest {
  readonly id: number;
  readonly method: string;
  readonly params?: unknown;
}

/** Longest gap the physics catches up in one go; beyond it the device "slept" (state frozen). */
const MAX_CATCH_UP_STEPS = 24 * 3600;

/**
 * One simulated device without sockets: its state, its physics on the injected scheduler (advanced
 * lazily in fixed steps, so results depend only on elapsed virtual time) and the JSON method dispatch.
 */
export class SimulatedDevice {
  readonly family: DeviceFamily;
  readonly did: number;
  readonly model: string;
  private readonly opts: SimulatedDeviceOptions;
  private readonly behaviour: SimBehaviour;
  private readonly state: SimState;
  private readonly stepMs: number;
  private lastStepMs: number;
  private bootMs: number;
  private stampBase: number;

  constructor(opts: SimulatedDeviceOptions) {
    this.opts = opts;
    this.family = opts.family;
    this.did = opts.did;
    this.model = opts.model;
    this.stepMs = opts.stepMs ?? 1000;
    this.behaviour = createBehaviour(opts.family, { model: opts.model, random: seededRandom(opts.seed) });
    this.state = { ...this.behaviour.initial, ...(opts.state ?? {}) };
    this.lastStepMs = opts.scheduler.now();
    this.bootMs = this.lastStepMs;
    this.stampBase = Math.max(1, opts.stampStart ?? 1000);
  }

  /** The device's seconds counter: never 0 (npm miio hangs on stamp 0). */
  stamp(): number {
    return Math.max(1, this.stampBase + Math.floor((this.opts.scheduler.now() - this.bootMs) / 1000));
  }

  /** Power cycle: the stamp restarts small, as on devices that lose their counter with power. */
  powerCycle(): void {
    this.advance();
    this.bootMs = this.opts.scheduler.now();
    this.stampBase = 1;
  }

  /** Runs the physics up to the scheduler's now. */
  advance(): void {
    const now = this.opts.scheduler.now();
    let steps = Math.floor((now - this.lastStepMs) / this.stepMs);
    if (steps > MAX_CATCH_UP_STEPS) {
      this.lastStepMs += (steps - MAX_CATCH_UP_STEPS) * this.stepMs;
      steps = MAX_CATCH_UP_STEPS;
    }
    for (let i = 0; i < steps; i++) this.behaviour.step?.(this.state, this.stepMs / 1000);
    this.lastStepMs += steps * this.stepMs;
  }

  /** Typed values now (a copy). */
  snapshot(): SimState {
    this.advance();
    return { ...this.state };
  }

  internals(): Record<string, number | string | boolean> {
    this.advance();
    return this.behaviour.internals?.() ?? {};
  }

  /** Forces typed values (tests, CLI); unknown names are ignored. Behaviour side effects do not run. */
  patchState(patch: Readonly<Record<string, PropertyValue>>): void {
    this.advance();
    for (const [name, value] of Object.entries(patch)) if (name in this.state) this.state[name] = value;
  }

  /** Answers one request. Applies setters; the server decides whether a repeated id reaches here. */
  handle(request: MiioRequest): SimCallResult {
    this.advance();
    if (request.method === 'miIO.info') {
      return { result: deviceInfo(this.opts, Math.floor((this.opts.scheduler.now() - this.bootMs) / 1000)) };
    }
    const ctx = {
      state: this.state,
      behaviour: this.behaviour,
      maxProperties: this.opts.maxProperties,
      applySet: (prop: FamilyProperty, value: PropertyValue) => {
        this.state[prop.name] = value;
        this.behaviour.onSet?.(this.state, prop.name, value);
      },
    };
    return this.family.protocol === 'miot'
      ? handleMiot(this.family, ctx, request.method, request.params)
      : handleMiio(this.family, ctx, request.method, request.params);
  }
}
