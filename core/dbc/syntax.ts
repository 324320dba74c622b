/**
 * What the statement parser hands to the section loaders: each DBC statement as written, with
 * the tokens that say where it was (for errors raised while loading).
 */
import type { Token } from './tokenizer.js';

export interface SignalSyntax {
  /** The `SG_` keyword. */
  at: Token;
  name: Token;
  /** `M`, `m<k>` or `m<k>M`, if written. */
  mux: Token | null;
  startBit: number;
  length: number;
  byteOrder: 'little_endian' | 'big_endian';
  isSigned: boolean;
  scale: Token;
  offset: Token;
  minimum: Token;
  maximum: Token;
  unit: string;
  receivers: string[];
}

export interface MessageSyntax {
  /** The `BO_` keyword. */
  at: Token;
  /** The id as written (bit 31 = extended). */
  dbcId: number;
  id: Token;
  name: Token;
  length: number;
  sender: string;
  signals: SignalSyntax[];
}

export type CommentTarget =
  | { kind: 'network' }
  | { kind: 'BU_'; node: string }
  | { kind: 'BO_'; dbcId: number }
  | { kind: 'SG_'; dbcId: number; signal: string }
  | { kind: 'EV_'; name: string };

export interface CommentSyntax {
  at: Token;
  target: CommentTarget;
  text: string;
}

export interface AttributeDefinitionSyntax {
  at: Token;
  name: string;
  /** '' (network), BU_, BO_, SG_, EV_, or a relation kind. */
  kind: string;
  type: Token;
  /** ENUM names, or the numeric range tokens. */
  enumChoices: string[] | null;
  range: Token[];
}

export interface AttributeDefaultSyntax {
  at: Token;
  name: string;
  value: Token;
}

export type AttributeTarget =
  | { kind: 'network' }
  | { kind: 'BU_'; node: string }
  | { kind: 'BO_'; dbcId: number }
  | { kind: 'SG_'; dbcId: number; signal: string }
  | { kind: 'EV_'; name: string };

export interface AttributeSyntax {
  at: Token;
  name: string;
  target: AttributeTarget;
  /** NUMBER or STRING token. */
  value: Token;
}

export interface ChoicesSyntax {
  at: Token;
  /** null for `VAL_ <envvar> …` (environment variables are not modelled). */
  dbcId: number | null;
  signal: string;
  entries: Array<[Token, string]>;
}

export interface ValueTableSyntax {
  at: Token;
  name: string;
  entries: Array<[Token, string]>;
}

export interface SignalTypeSyntax {
  at: Token;
  dbcId: number;
  signal: string;
  type: number;
}

export interface MuxValuesSyntax {
  at: Token;
  dbcId: number;
  signal: string;
  multiplexer: string;
  ranges: Array<[number, number]>;
}

export interface SendersSyntax {
  at: Token;
  dbcId: number;
  nodes: string[];
}

export interface DbcSyntax {
  version: string | null;
  /** The last `BU_` statement's nodes (cantools keeps the last), null when there is none. */
  nodes: Token[] | null;
  messages: MessageSyntax[];
  comments: CommentSyntax[];
  attributeDefinitions: AttributeDefinitionSyntax[];
  attributeDefaults: AttributeDefaultSyntax[];
  /** BA_DEF_DEF_REL_: defaults of relation definitions (their own namespace, as in cantools). */
  relationDefaults: AttributeDefaultSyntax[];
  attributes: AttributeSyntax[];
  choices: ChoicesSyntax[];
  valueTables: ValueTableSyntax[];
  signalTypes: SignalTypeSyntax[];
  muxValues: MuxValuesSyntax[];
  senders: SendersSyntax[];
}
