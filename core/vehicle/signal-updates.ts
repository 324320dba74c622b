/**
 * Frames → VSS signal updates, evaluated per mapping entry in kuksa-can-provider's order:
 * time gate (interval_ms) → transform → change gate (on_change) → emit.
 *
 * The time gate measures on frame timestamps, not on the scheduler: a log replayed at maximum
 * speed must give exactly the updates it gave live, and a gate on wall time would let every frame
 * through a fast replay. Gaps are compared in whole microseconds (candump's resolution), so a
 * 100 ms cycle is not dropped because 1700000000.3 − 1700000000.2 is 99.99999 ms as doubles.
 * A timestamp that goes backwards (a log played again) reopens the gate instead of shutting it.
 *
 * Skipped, and counted: error and remote frames, ids not in the database, ids with no mapped
 * signal (never decoded), frames that fail to decode (the stream goes on).
 */
import { Observable, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { CanFrame } from '../can/frame.js';
import type { RawInt } from '../dbc/model.js';
import { classifyFrame } from '../dbc/classify-frame.js';
import type { CompiledMessage, DbcCodec, DecodedSignals, DecodeOptions } from '../dbc/codec.js';
import { frameKey } from '../dbc/frame-key.js';
import type { BoundVssMapping, MappedSignal } from './bind-vss-mapping.js';

export type VssValue = number | boolean | string | bigint;

export interface SignalUpdate {
  /** VSS path, e.g. `Vehicle.Speed`. */
  path: string;
  value: VssValue;
  /** The frame's timestamp: seconds since the epoch, as CanFrame.ts. */
  ts: number;
}

/** What the pipeline needs of the DBC codec (createDbcCodec's DbcCodec): its compiled messages. */
export type SignalDecoder = Pick<DbcCodec, 'getMessage'>;

export interface SignalUpdateCounters {
  /** Every frame seen. */
  frames: number;
  /** Frames decoded (known id with at least one mapped signal). */
  decoded: number;
  /** Data frames whose (id, extended) is not in the database. */
  unknown: number;
  /** Frames of the database that feed no VSS path (skipped without decoding). */
  unmapped: number;
  /** Error and remote frames. */
  errors: number;
  /** Frames the codec refused (wrong length, undefined multiplexer value). */
  decodeErrors: number;
  /** Values the transform dropped (no mapping entry matched, math gave NaN or ±Infinity). */
  dropped: number;
  /** Updates emitted. */
  updates: number;
}

export function createSignalUpdateCounters(): SignalUpdateCounters {
  return { frames: 0, decoded: 0, unknown: 0, unmapped: 0, errors: 0, decodeErrors: 0, dropped: 0, updates: 0 };
}

export interface SignalUpdateOptions {
  /** Stamps frames that carry no timestamp (ts not > 0); frames from every real source have one. */
  scheduler?: SchedulerLike;
  /** Filled in as frames pass; shared across subscriptions if the same object is passed. */
  counters?: SignalUpdateCounters;
  /** Told about each frame the codec refused; the stream itself never errors for a bad frame. */
  onDecodeError?: (error: unknown, frame: CanFrame) => void;
  /**
   * cantools' `allow_truncated` (default false, as kuksa-can-provider decodes): a frame shorter than
   * its message feeds the signals that fit instead of counting as a decode error.
   */
  allowTruncated?: boolean;
}

/** Per-subscription gate state of one mapping entry. */
interface Gate {
  mapped: MappedSignal;
  path: string;
  intervalUs: number;
  lastTs: number;
  lastValue: VssValue | undefined;
}

/** A mapped message: its compiled codec and the gates of its mapping entries. */
interface FrameRun extends CompiledMessage {
  gates: Gate[];
}

/** A decoded value as number (physical) and, when the codec named it, as VAL_ name. */
function numericOf(value: number | bigint | string, valueOfChoice: ReadonlyMap<string, RawInt> | null): RawInt | undefined {
  return typeof value === 'string' ? valueOfChoice?.get(value) : value;
}

function fitDatatype(datatype: string, value: VssValue): VssValue | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  if (datatype === 'boolean' && typeof value !== 'boolean') return typeof value === 'string' ? undefined : typeof value === 'bigint' ? value !== 0n : value !== 0;
  if (datatype === 'string' && typeof value !== 'string') return String(value);
  return value;
}

/** kuksa's transform_value: undefined means "drop". */
export function transformValue(mapped: MappedSignal, decoded: number | bigint | string): VssValue | undefined {
  const { entry, valueOfChoice } = mapped;
  const transform = entry.transform;
  const name = typeof decoded === 'string' ? decoded : undefined;
  const numeric = numericOf(decoded, valueOfChoice);
  if (transform === null) {
    if (entry.datatype === 'string' && name !== undefined) return name;
    return numeric === undefined ? undefined : fitDatatype(entry.datatype, numeric);
  }
  if (transform.kind === 'math') {
    if (numeric === undefined) return undefined;
    return fitDatatype(entry.datatype, transform.expression.evaluate(Number(numeric)));
  }
  for (const { from, to } of transform.mapping) {
    // `==` on purpose: a bigint equals the number of the same value. true/false match 1/0 as in Python.
    if (typeof from === 'string' ? from === name : numeric !== undefined && numeric == (from === true ? 1 : from === false ? 0 : from)) {
      return to;
    }
  }
  return undefined;
}

function multiplexerMatches(mapped: MappedSignal, decoded: DecodedSignals): boolean {
  for (const filter of mapped.multiplexer) {
    const value = decoded[filter.signal.name];
    const numeric = value === undefined ? undefined : numericOf(value, filter.valueOfChoice);
    if (numeric === undefined || Number(numeric) !== filter.value) return false;
  }
  return true;
}

/**
 * The VSS pipeline as an operator: CanFrame$ → SignalUpdate$. Gate state is per subscription, so
 * two subscribers (or a replay started twice) each see the whole sequence.
 */
export function toSignalUpdates(
  codec: SignalDecoder,
  bound: BoundVssMapping,
  options: SignalUpdateOptions = {},
): OperatorFunction<CanFrame, SignalUpdate> {
  const counters = options.counters ?? createSignalUpdateCounters();
  const { scheduler, onDecodeError } = options;
  const decodeOptions: DecodeOptions = { decodeChoices: true, scaling: true, allowTruncated: options.allowTruncated === true };
  return (frames$) =>
    new Observable<SignalUpdate>((subscriber) => {
      const framePlans = new Map<number, FrameRun>();
      for (const [key, plan] of bound.plans) {
        const compiled = codec.getMessage(plan.message.frameId, plan.message.isExtendedFrame);
        if (compiled === undefined) continue; // a codec of another database: its frames count as unmapped
        const gates = plan.mapped.map((mapped) => ({
          mapped,
          path: mapped.entry.path,
          intervalUs: mapped.entry.intervalMs * 1000,
          lastTs: Number.NaN,
          lastValue: undefined,
        }));
        framePlans.set(key, { message: compiled.message, decode: compiled.decode, encode: compiled.encode, gates });
      }
      // Only mapped messages are looked up: frames that feed no VSS path are never decoded.
      const mappedMessage = (frameId: number, isExtended: boolean): FrameRun | undefined => framePlans.get(frameKey(frameId, isExtended));
      const onFrame = (frame: CanFrame): void => {
        counters.frames++;
        let classified;
        try {
          classified = classifyFrame(frame, mappedMessage, decodeOptions);
        } catch (error) {
          // Not a DecodeError (a codec bug, say): still one bad frame, never the end of the stream.
          counters.decodeErrors++;
          onDecodeError?.(error, frame);
          return;
        }
        switch (classified.kind) {
          case 'error_frame':
          case 'remote':
            counters.errors++;
            return;
          case 'unknown':
            if (bound.knownFrames.has(frameKey(frame.id, frame.extended))) counters.unmapped++;
            else counters.unknown++;
            return;
          case 'decode_error':
            counters.decodeErrors++;
            onDecodeError?.(classified.error, frame);
            return;
        }
        counters.decoded++;
        const decoded: DecodedSignals = classified.signals;
        const gates = classified.compiled.gates;
        const ts = frame.ts > 0 || scheduler === undefined ? frame.ts : scheduler.now() / 1000;
        for (let i = 0; i < gates.length; i++) {
          const gate = gates[i];
          const { mapped } = gate;
          const raw = decoded[mapped.signal.name];
          if (raw === undefined) continue; // truncated frame, or another multiplexer branch
          if (mapped.multiplexer.length > 0 && !multiplexerMatches(mapped, decoded)) continue;
          // Time gate; the first value always passes (lastTs is NaN, every comparison is false).
          if (gate.intervalUs > 0) {
            const gapUs = Math.round((ts - gate.lastTs) * 1e6);
            if (gapUs >= 0 && gapUs < gate.intervalUs) continue;
          }
          gate.lastTs = ts;
          const value = transformValue(mapped, raw);
          if (value === undefined) {
            counters.dropped++;
            continue;
          }
          if (mapped.entry.onChange && value === gate.lastValue) continue;
          gate.lastValue = value;
          counters.updates++;
          subscriber.next({ path: gate.path, value, ts });
        }
      };
      return frames$.subscribe({
        next: onFrame,
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
