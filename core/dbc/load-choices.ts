/**
 * VAL_ (choices of one signal, keyed by the raw integer) and VAL_TABLE_ (named tables, kept but
 * not linked to signals, as cantools does). A VAL_ without entries leaves earlier choices alone.
 */
import type { RawInt } from './model.js';
import { emptyRecord } from './load-attributes.js';
import { parseRawInt } from './parse-number.js';
import type { DbcSyntax } from './syntax.js';
import type { Token } from './tokenizer.js';

export type Choices = ReadonlyMap<RawInt, string>;

export interface LoadedChoices {
  /** By DBC message id (bit 31 included), then signal name as written in SG_. */
  signals: Map<number, Map<string, Choices>>;
  valueTables: Record<string, Choices>;
}

export function loadChoices(syntax: DbcSyntax): LoadedChoices {
  const loaded: LoadedChoices = { signals: new Map(), valueTables: emptyRecord<Choices>() };
  for (const { dbcId, signal, entries } of syntax.choices) {
    if (dbcId === null || entries.length === 0) continue; // environment variable, or empty
    let signals = loaded.signals.get(dbcId);
    if (!signals) loaded.signals.set(dbcId, (signals = new Map()));
    signals.set(signal, toChoices(entries));
  }
  for (const { name, entries } of syntax.valueTables) loaded.valueTables[name] = toChoices(entries);
  return loaded;
}

function toChoices(entries: ReadonlyArray<[Token, string]>): Choices {
  const choices = new Map<RawInt, string>();
  for (const [value, text] of entries) choices.set(parseRawInt(value.text), text);
  return choices;
}
