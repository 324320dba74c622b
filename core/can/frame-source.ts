import type { Observable } from 'rxjs';
import type { CanFrame } from './frame.js';

/**
 * What every frame source is: socketcan, the candump -L reader (after its line errors are split off),
 * replay and the virtual bus. Cold unless said otherwise: the source opens on subscribe and closes on
 * unsubscribe; share() it to fan out.
 */
export type FrameSource = Observable<CanFrame>;
