import type { Derived } from '../core/api/protocol.js';

export interface Lockout {
  locked: boolean;
  reason: string;
}

/**
 * While the car is not parked (moving, idling out of P, or its state unknown or stale), only
 * glanceable controls stay enabled: scenes and power toggles. Lists, forms and settings lock.
 */
export function driveLockout(derived: Derived | null): Lockout {
  if (!derived) return { locked: true, reason: 'Car state unknown: controls locked until the car reports Park' };
  if (derived.parked) return { locked: false, reason: '' };
  if (derived.moving) return { locked: true, reason: 'Driving: only scenes and power switches work until you park' };
  return { locked: true, reason: 'Not in Park: only scenes and power switches work until you park' };
}

/** Disables every control marked `data-lock` under `root` (idempotent; run after each redraw). */
export function applyLockout(root: HTMLElement, lockout: Lockout): void {
  for (const element of root.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('[data-lock]')) {
    const disabled = lockout.locked || element.dataset.busy === 'true';
    if (element.disabled !== disabled) element.disabled = disabled;
  }
  for (const panel of root.querySelectorAll<HTMLElement>('[data-lock-panel]')) {
    if ((panel.dataset.locked === 'true') !== lockout.locked) panel.dataset.locked = String(lockout.locked);
  }
}
