/**
 * BO_ into Message: id and extended flag (bit 31), senders (BO_ and BO_TX_BU_), long name, comment,
 * GenMsgCycleTime, GenMsgSendType, VFrameFormat (CAN FD, J1939), then its signals, multiplexing
 * and the strict layout check.
 */
import { frameKey } from './frame-key.js';
import { checkSignalLayout, type LayoutEntry } from './check-signal-layout.js';
import { emptyRecord, type AttributeMap, type LoadedAttributes } from './load-attributes.js';
import { loadMultiplexing, type MuxValueTable } from './load-multiplexing.js';
import { loadSignal, NO_NODE, type SignalSources } from './load-signals.js';
import type { AttributeDefinition, Message } from './model.js';
import type { ParseContext } from './parse-context.js';
import type { MessageSyntax } from './syntax.js';

const EXTENDED_FLAG = 0x80000000;
const MAX_STANDARD_ID = 0x7ff;
const MAX_EXTENDED_ID = 0x1fffffff;
/** Messages with this name hold signals of no message; cantools drops them. */
const INDEPENDENT_SIGNALS = 'VECTOR__INDEPENDENT_SIG_MSG';
/** cantools' VFrameFormat values, used when the file defines VFrameFormat as an INT. */
const DEFAULT_FRAME_FORMATS = [
  'StandardCAN', 'ExtendedCAN', 'reserved', 'J1939PG', 'reserved', 'reserved', 'reserved', 'reserved',
  'reserved', 'reserved', 'reserved', 'reserved', 'reserved', 'reserved', 'StandardCAN_FD', 'ExtendedCAN_FD',
];

export interface MessageSources extends SignalSources {
  senders: Map<number, string[]>;
  muxTables: Map<number, MuxValueTable>;
}

export function loadMessages(ctx: ParseContext, messages: readonly MessageSyntax[], sources: MessageSources): Message[] {
  const loaded: Message[] = [];
  const seenIds = new Map<number, string>();
  for (const syntax of messages) {
    if (syntax.name.text === INDEPENDENT_SIGNALS) continue;
    const message = loadMessage(ctx, syntax, sources);
    const key = frameKey(message.frameId, message.isExtendedFrame);
    const previous = seenIds.get(key);
    if (previous !== undefined) ctx.warn(syntax.id, `message ${message.name} has the same frame id as ${previous}`);
    else seenIds.set(key, message.name);
    loaded.push(message);
  }
  return loaded;
}

function loadMessage(ctx: ParseContext, syntax: MessageSyntax, sources: MessageSources): Message {
  const { dbcId } = syntax;
  let isExtendedFrame = dbcId >= EXTENDED_FLAG;
  const frameId = dbcId % EXTENDED_FLAG;
  const hex = `0x${frameId.toString(16)}`;
  if (isExtendedFrame && frameId > MAX_EXTENDED_ID) {
    throw ctx.error(syntax.id, `extended frame id ${hex} is more than 29 bits in message ${syntax.name.text}`);
  }
  if (!isExtendedFrame && frameId > MAX_STANDARD_ID) {
    if (frameId > MAX_EXTENDED_ID) {
      throw ctx.error(syntax.id, `frame id ${hex} is more than 29 bits in message ${syntax.name.text}`);
    }
    ctx.problem(syntax.id, `standard frame id ${hex} is more than 11 bits in message ${syntax.name.text} (no extended flag, bit 31): read as extended`);
    isExtendedFrame = true;
  }

  const { attributes } = sources;
  const messageAttributes = attributes.messages.get(dbcId);
  const longName = messageAttributes?.SystemMessageLongSymbol;
  const name = typeof longName === 'string' ? longName : syntax.name.text;
  const frameFormat = loadFrameFormat(ctx, syntax, attributes.definitions.get('VFrameFormat'), messageAttributes);

  const senders: string[] = [];
  for (const sender of [syntax.sender, ...(sources.senders.get(dbcId) ?? [])]) {
    const node = sources.nodeName(sender);
    if (sender !== NO_NODE && !senders.includes(node)) senders.push(node);
  }

  const signalSyntaxes = withoutDuplicates(ctx, syntax);
  const multiplexing = loadMultiplexing(signalSyntaxes, sources.muxTables.get(dbcId));
  const entries: LayoutEntry[] = signalSyntaxes.map((signal, i) => ({
    signal: loadSignal(ctx, signal, multiplexing[i], dbcId, sources),
    shortName: signal.name.text,
    parent: multiplexing[i].multiplexerSignal,
    at: signal.at,
  }));
  // Multiplexer links point at the multiplexer's final (long) name.
  const nameOf = new Map(entries.map((entry) => [entry.shortName, entry.signal.name]));
  for (const { signal } of entries) {
    if (signal.multiplexerSignal !== null) signal.multiplexerSignal = nameOf.get(signal.multiplexerSignal) ?? signal.multiplexerSignal;
  }
  checkSignalLayout(ctx, name, syntax.length, entries, syntax.at);

  return {
    frameId,
    isExtendedFrame,
    isFd: frameFormat?.endsWith('CAN_FD') ?? false,
    name,
    length: syntax.length,
    senders,
    signals: entries.map((entry) => entry.signal),
    comment: sources.comments.messages.get(dbcId) ?? null,
    cycleTime: loadCycleTime(attributes, messageAttributes),
    sendType: loadSendType(attributes.definitions.get('GenMsgSendType'), messageAttributes),
    protocol: frameFormat === 'J1939PG' ? 'j1939' : null,
    attributes: messageAttributes ?? emptyRecord(),
    line: syntax.at.line,
  };
}

/** Two signals of one name cannot be told apart (nor linked by multiplexing): the later one goes. */
function withoutDuplicates(ctx: ParseContext, syntax: MessageSyntax): MessageSyntax['signals'] {
  const seen = new Set<string>();
  return syntax.signals.filter((signal) => {
    const name = signal.name.text;
    if (!seen.has(name)) return seen.add(name);
    ctx.problem(signal.name, `duplicate signal name ${name} in message ${syntax.name.text}`);
    return false;
  });
}

/** GenMsgCycleTime, else the definition's default; 0 means none (cantools). */
function loadCycleTime(attributes: LoadedAttributes, messageAttributes: AttributeMap | undefined): number | null {
  const definition = attributes.definitions.get('GenMsgCycleTime');
  if (!definition) return null;
  const value = messageAttributes?.GenMsgCycleTime ?? definition.defaultValue;
  const ms = typeof value === 'string' ? Number(value) : value;
  return typeof ms === 'number' && Number.isFinite(ms) && ms !== 0 ? ms : null;
}

function loadSendType(definition: AttributeDefinition | undefined, messageAttributes: AttributeMap | undefined): string | null {
  if (!definition) return null;
  const value = messageAttributes?.GenMsgSendType ?? definition.defaultValue;
  return value === null || value === undefined ? null : String(value);
}

/** VFrameFormat as a name: ENUM as the file defines it, INT through cantools' default list. */
function loadFrameFormat(
  ctx: ParseContext,
  syntax: MessageSyntax,
  definition: AttributeDefinition | undefined,
  messageAttributes: AttributeMap | undefined,
): string | null {
  if (!definition) return null;
  const value = messageAttributes?.VFrameFormat;
  if (definition.type !== 'INT') {
    const format = value ?? definition.defaultValue;
    return typeof format === 'string' ? format : null;
  }
  if (value === undefined && definition.defaultValue === null) {
    ctx.problem(syntax.at, 'VFrameFormat is an INT attribute without a default (BA_DEF_DEF_)');
    return null;
  }
  const index = value ?? definition.defaultValue;
  const format = typeof index === 'number' ? DEFAULT_FRAME_FORMATS[index] : undefined;
  if (format === undefined) {
    ctx.problem(syntax.at, `VFrameFormat ${String(index)} of message ${syntax.name.text} is not a frame format`);
    return null;
  }
  return format;
}
