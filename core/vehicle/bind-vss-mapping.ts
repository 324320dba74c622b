/**
 * Checks a mapping against a Database and precomputes, per (frameId, extended), the mapped signals
 * of that frame, so the per-frame path is one Map lookup and a short loop.
 *
 * Signal names: a bare DBC signal name must be used by exactly one message. A name that several
 * messages share is ambiguous (kuksa-can-provider rejects it too, with fail_on_duplicate) unless the
 * mapping qualifies it as `Message.Signal`; DBC names cannot contain dots, so this cannot clash.
 */
import { frameKey } from '../dbc/frame-key.js';
import type { Database, Message, RawInt, Signal } from '../dbc/model.js';
import { scaleInt, toNumber } from '../dbc/codec-numbers.js';
import { MappingError, type MappingProblem } from './errors.js';
import type { Dbc2VssMapping, VssMapping } from './vss-mapping.js';

/** One VSS entry fed by one signal of a frame. */
export interface MappedSignal {
  entry: Dbc2VssMapping;
  signal: Signal;
  /** VAL_ name → physical value, to match numeric `from` and feed `math` when the codec gave a name. */
  valueOfChoice: ReadonlyMap<string, RawInt> | null;
  /** The kuksa `multiplexer` filter, resolved to this frame's signals. */
  multiplexer: ReadonlyArray<{ signal: Signal; value: number; valueOfChoice: ReadonlyMap<string, RawInt> | null }>;
}

export interface FramePlan {
  message: Message;
  mapped: MappedSignal[];
}

export interface BoundVssMapping {
  mapping: VssMapping;
  /** Keyed by frameKey(frameId, extended); only frames with at least one mapped signal. */
  plans: ReadonlyMap<number, FramePlan>;
  /** frameKey of every message of the database, to tell unknown ids from unmapped ones. */
  knownFrames: ReadonlySet<number>;
}

/** The physical value cantools gives a raw value (see the model's `conversion`), as the codec decodes it. */
function physicalOf(signal: Signal, raw: RawInt): RawInt {
  if (signal.conversion === 'identity') return raw;
  if (signal.conversion === 'integer') return scaleInt(raw, signal.scale, signal.offset);
  return toNumber(raw) * signal.scale + signal.offset;
}

function valueOfChoices(signal: Signal): Map<string, RawInt> | null {
  if (signal.choices === null || signal.choices.size === 0) return null;
  const byName = new Map<string, RawInt>();
  for (const [raw, name] of signal.choices) if (!byName.has(name)) byName.set(name, physicalOf(signal, raw));
  return byName;
}

export function bindVssMapping(mapping: VssMapping, database: Database): BoundVssMapping {
  const messagesOf = new Map<string, Message[]>();
  const knownFrames = new Set<number>();
  for (const message of database.messages) {
    knownFrames.add(frameKey(message.frameId, message.isExtendedFrame));
    for (const signal of message.signals) {
      const list = messagesOf.get(signal.name);
      if (list === undefined) messagesOf.set(signal.name, [message]);
      else if (!list.includes(message)) list.push(message);
    }
  }

  const problems: MappingProblem[] = [];
  const unknown: string[] = [];
  const plans = new Map<number, FramePlan>();
  const at = (entry: Dbc2VssMapping, key: string, message: string): void => {
    problems.push({ path: entry.path, key, line: entry.line, message });
  };

  for (const entry of mapping.dbc2vss) {
    const dot = entry.signal.indexOf('.');
    const signalName = dot < 0 ? entry.signal : entry.signal.slice(dot + 1);
    const candidates = messagesOf.get(signalName) ?? [];
    let message: Message | undefined;
    if (dot >= 0) {
      const messageName = entry.signal.slice(0, dot);
      message = candidates.find((candidate) => candidate.name === messageName);
      if (message === undefined) {
        unknown.push(entry.signal);
        at(entry, 'dbc2vss.signal', `DBC signal "${entry.signal}" is not in the database` +
          (candidates.length > 0 ? ` (${signalName} is in ${candidates.map((m) => m.name).join(', ')})` : ''));
        continue;
      }
    } else if (candidates.length === 0) {
      unknown.push(entry.signal);
      at(entry, 'dbc2vss.signal', `DBC signal "${entry.signal}" is not in the database`);
      continue;
    } else if (candidates.length > 1) {
      const names = candidates.map((m) => m.name);
      at(entry, 'dbc2vss.signal', `DBC signal "${signalName}" is in ${candidates.length} messages (${names.join(', ')}); ` +
        `write "${names[0]}.${signalName}" to pick one`);
      continue;
    } else {
      message = candidates[0];
    }

    const signal = message.signals.find((candidate) => candidate.name === signalName) as Signal;
    const valueOfChoice = valueOfChoices(signal);
    if (entry.transform?.kind === 'mapping') {
      // A `from` name that is not a VAL_ of the signal can never match: a typo, not a choice.
      const names = valueOfChoice === null ? [] : [...valueOfChoice.keys()];
      for (const { from } of entry.transform.mapping) {
        if (typeof from !== 'string' || valueOfChoice?.has(from)) continue;
        at(entry, 'dbc2vss.transform.mapping', `"${from}" is not a VAL_ name of ${message.name}.${signalName}` +
          (names.length > 0 ? ` (it has ${names.join(', ')})` : ' (it has no VAL_ names)'));
      }
    }
    const multiplexer: MappedSignal['multiplexer'][number][] = [];
    for (const filter of entry.multiplexer) {
      const muxSignal = message.signals.find((candidate) => candidate.name === filter.signal);
      if (muxSignal === undefined) {
        at(entry, 'dbc2vss.multiplexer', `multiplexer signal "${filter.signal}" is not in message ${message.name}, as ${signalName} is`);
        continue;
      }
      multiplexer.push({ signal: muxSignal, value: filter.value, valueOfChoice: valueOfChoices(muxSignal) });
    }

    const key = frameKey(message.frameId, message.isExtendedFrame);
    let plan = plans.get(key);
    if (plan === undefined) plans.set(key, (plan = { message, mapped: [] }));
    plan.mapped.push({ entry, signal, valueOfChoice, multiplexer });
  }

  if (unknown.length > 1) {
    problems.unshift({ path: '', key: '', line: null, message: `${unknown.length} mapped DBC signals are not in the database: ${unknown.join(', ')}` });
  }
  if (problems.length > 0) throw new MappingError(mapping.file, problems);
  return { mapping, plans, knownFrames };
}
