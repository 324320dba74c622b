/**
 * One SG_ line into a Signal: scaling and its cantools conversion class, `[0|0]` as no range,
 * `""` as no unit, SIG_VALTYPE_ floats, VAL_ choices, comment, GenSigStartValue and long name.
 */
import { emptyRecord, type LoadedAttributes } from './load-attributes.js';
import type { Choices } from './load-choices.js';
import type { LoadedComments } from './load-comments.js';
import type { SignalMultiplexing } from './load-multiplexing.js';
import { conversionOf } from './conversion.js';
import type { Signal } from './model.js';
import type { ParseContext } from './parse-context.js';
import { parseNum } from './parse-number.js';
import type { SignalSyntax, SignalTypeSyntax } from './syntax.js';

export const NO_NODE = 'Vector__XXX';

/** What the signal loader looks up by DBC message id and signal name. */
export interface SignalSources {
  attributes: LoadedAttributes;
  comments: LoadedComments;
  choices: Map<number, Map<string, Choices>>;
  signalTypes: Map<number, Map<string, SignalTypeSyntax>>;
  /** A node's name after SystemNodeLongSymbol. */
  nodeName: (name: string) => string;
}

export function loadSignal(
  ctx: ParseContext,
  syntax: SignalSyntax,
  multiplexing: SignalMultiplexing,
  dbcId: number,
  sources: SignalSources,
): Signal {
  const shortName = syntax.name.text;
  const attributes = sources.attributes.signals.get(dbcId)?.get(shortName);
  const scale = parseNum(syntax.scale.text);
  const offset = parseNum(syntax.offset.text);
  const isFloat = loadIsFloat(ctx, syntax, sources.signalTypes.get(dbcId)?.get(shortName));
  // `[0|0]` (as written) means no range.
  const noRange = syntax.minimum.text === '0' && syntax.maximum.text === '0';
  const longName = attributes?.SystemSignalLongSymbol;
  return {
    name: typeof longName === 'string' ? longName : shortName,
    startBit: syntax.startBit,
    length: syntax.length,
    byteOrder: syntax.byteOrder,
    isSigned: syntax.isSigned,
    isFloat,
    scale: scale.value,
    offset: offset.value,
    conversion: conversionOf({ scale: scale.value, offset: offset.value, isFloat }),
    minimum: noRange ? null : parseNum(syntax.minimum.text).value,
    maximum: noRange ? null : parseNum(syntax.maximum.text).value,
    unit: syntax.unit === '' ? null : syntax.unit,
    choices: sources.choices.get(dbcId)?.get(shortName) ?? null,
    receivers: syntax.receivers.filter((name) => name !== NO_NODE).map(sources.nodeName),
    comment: sources.comments.signals.get(dbcId)?.get(shortName) ?? null,
    rawInitial: loadRawInitial(ctx, syntax, attributes?.GenSigStartValue),
    isMultiplexer: multiplexing.isMultiplexer,
    multiplexerIds: multiplexing.multiplexerIds,
    multiplexerSignal: multiplexing.multiplexerSignal,
    attributes: attributes ?? emptyRecord(),
    line: syntax.at.line,
  };
}

/**
 * cantools' conversion factory: factor 1 and offset 0 → identity; both integral (and not a float
 * signal) → exact integer arithmetic; otherwise raw * factor + offset as a double.
 */

function loadIsFloat(ctx: ParseContext, signal: SignalSyntax, type: SignalTypeSyntax | undefined): boolean {
  if (type === undefined || (type.type !== 1 && type.type !== 2)) return false;
  if (signal.length !== 32 && signal.length !== 64) {
    ctx.problem(type.at, `float signal '${signal.name.text}' must be 32 or 64 bits long, not ${signal.length}`);
    return false;
  }
  return true;
}

function loadRawInitial(ctx: ParseContext, signal: SignalSyntax, value: unknown): number | null {
  if (value === undefined) return null;
  if (typeof value === 'number') return value;
  ctx.problem(signal.at, `GenSigStartValue of signal '${signal.name.text}' is not a number: '${String(value)}'`);
  return null;
}
