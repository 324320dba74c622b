/**
 * The multiplexer tree of a message, built as cantools' `Message._create_codec` builds it: a node
 * holds the signals present under one multiplexer value, and each multiplexer among them maps its
 * values to child nodes. Signals are in cantools' order (stable sort by start bit).
 */
import { DecodeError } from './errors.js';
import type { Message, Signal } from './model.js';
import { sequentialStartBit } from './codec-layout.js';

export interface CodecNode {
  signals: Signal[];
  /** Multiplexer name → multiplexer value → the signals present under that value. */
  multiplexers: Map<string, Map<number, CodecNode>>;
}

/** The message's signals in cantools' default order: by start bit (network order for Motorola). */
export function sortSignals(message: Message): Signal[] {
  return [...message.signals].sort((a, b) => sequentialStartBit(a) - sequentialStartBit(b));
}

export function buildCodecTree(message: Message): CodecNode {
  const signals = sortSignals(message);
  const build = (parent: string | null, muxId: number | null, path: readonly string[]): CodecNode => {
    const node: CodecNode = { signals: [], multiplexers: new Map() };
    for (const signal of signals) {
      if (signal.multiplexerSignal !== parent) continue;
      if (muxId !== null && !(signal.multiplexerIds ?? []).includes(muxId)) continue;
      if (signal.isMultiplexer) {
        if (path.includes(signal.name)) {
          throw new DecodeError(`message "${message.name}": multiplexer "${signal.name}" selects itself`);
        }
        const childIds = new Set<number>();
        for (const child of signals) {
          if (child.multiplexerSignal === signal.name) for (const id of child.multiplexerIds ?? []) childIds.add(id);
        }
        // As cantools: a value named in the multiplexer's VAL_ is a branch even without signals.
        for (const key of signal.choices?.keys() ?? []) {
          const id = Number(key);
          if (Number.isSafeInteger(id)) childIds.add(id);
        }
        const branches = new Map<number, CodecNode>();
        for (const id of childIds) branches.set(id, build(signal.name, id, [...path, signal.name]));
        if (branches.size > 0) node.multiplexers.set(signal.name, branches);
      }
      node.signals.push(signal);
    }
    return node;
  };
  return build(null, null, []);
}

/** Every signal of the tree, each once. */
export function treeSignals(node: CodecNode, into: Set<Signal> = new Set()): Set<Signal> {
  for (const signal of node.signals) into.add(signal);
  for (const branches of node.multiplexers.values()) for (const child of branches.values()) treeSignals(child, into);
  return into;
}
