import { Subject, type Observable, type SchedulerLike } from 'rxjs';
import type { NotificationInfo } from '../api/protocol.js';

/** Dashboard notifications: the last `keep` in memory, each new one pushed on `added$`. */
export interface Notifications {
  add(n: Omit<NotificationInfo, 'id' | 'ts'>): NotificationInfo;
  list(): NotificationInfo[];
  readonly added$: Observable<NotificationInfo>;
  close(): void;
}

export function createNotifications(scheduler: SchedulerLike, keep = 50): Notifications {
  const items: NotificationInfo[] = [];
  const added = new Subject<NotificationInfo>();
  let next = 1;
  return {
    add: (n) => {
      const item: NotificationInfo = { ...n, id: `n${next++}`, ts: scheduler.now() / 1000 };
      items.push(item);
      if (items.length > keep) items.shift();
      added.next(item);
      return item;
    },
    list: () => [...items],
    added$: added.asObservable(),
    close: () => added.complete(),
  };
}
