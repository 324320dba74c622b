import { asyncScheduler, type SchedulerLike } from 'rxjs';

/**
 * The one clock of the core: an RxJS scheduler passed down in each module's deps. Production uses
 * asyncScheduler (wall time); tests pass a TestScheduler or VirtualTimeScheduler so time is virtual.
 */
export type Clock = SchedulerLike;

export const wallClock: Clock = asyncScheduler;

