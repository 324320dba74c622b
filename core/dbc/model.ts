/**
 * The plain model a DBC file parses into: no I/O, no codec. Names follow cantools
 * (`Database`, `Message`, `Signal`, `choices`, `scale`, `offset`, `frameId`), camelCased.
 */

export type ByteOrder = 'little_endian' | 'big_endian';

/** A raw integer: a number when it fits in ±(2^53−1), otherwise an exact bigint. */
export type RawInt = number | bigint;

/** An attribute value as the file wrote it (enum values are their names). */
export type AttributeValue = number | string;

/** cantools' conversion classes: which arithmetic turns a raw value into a physical one. */
export type Conversion =
  | 'identity' // factor 1 and offset 0: the raw value as is
  | 'integer' // factor and offset written as integers: integer result, exact
  | 'linear'; // otherwise: raw * factor + offset as an IEEE double

export interface Signal {
  name: string;
  /** Start bit as written in the DBC (Intel: LSB; Motorola: MSB in sawtooth numbering). */
  startBit: number;
  length: number;
  byteOrder: ByteOrder;
  isSigned: boolean;
  /** SIG_VALTYPE_ 1 (float32, length 32) or 2 (float64, length 64). */
  isFloat: boolean;
  scale: number;
  offset: number;
  conversion: Conversion;
  minimum: number | null;
  maximum: number | null;
  unit: string | null;
  /** VAL_ entries keyed by the raw value. */
  choices: ReadonlyMap<RawInt, string> | null;
  receivers: string[];
  comment: string | null;
  /** GenSigStartValue, raw. */
  rawInitial: number | null;
  /** True for `M` and `m<k>M` signals. */
  isMultiplexer: boolean;
  /** Multiplexer values under which this signal is present; null when not multiplexed. */
  multiplexerIds: number[] | null;
  /** Name of the multiplexer that selects this signal; null when not multiplexed. */
  multiplexerSignal: string | null;
  attributes: Record<string, AttributeValue>;
  /** Line of the SG_ in the source file (1-based), for messages that point back at it. */
  line: number;
}

export interface Message {
  /** Arbitration id without the bit-31 extended flag. */
  frameId: number;
  isExtendedFrame: boolean;
  isFd: boolean;
  name: string;
  /** Length in bytes (DLC as bytes; up to 64 for CAN FD). */
  length: number;
  senders: string[];
  signals: Signal[];
  comment: string | null;
  /** GenMsgCycleTime in ms, or the definition's default; 0 becomes null (as cantools). */
  cycleTime: number | null;
  /** GenMsgSendType enum name, if defined. */
  sendType: string | null;
  /** 'j1939' when VFrameFormat is J1939PG. */
  protocol: 'j1939' | null;
  attributes: Record<string, AttributeValue>;
  line: number;
}

export interface Node {
  name: string;
  comment: string | null;
  attributes: Record<string, AttributeValue>;
}

export interface AttributeDefinition {
  name: string;
  /** '' for network attributes, else BU_, BO_, SG_, EV_, or a relation kind (BU_BO_REL_, BU_SG_REL_). */
  kind: string;
  type: 'INT' | 'HEX' | 'FLOAT' | 'STRING' | 'ENUM';
  minimum: number | null;
  maximum: number | null;
  choices: string[] | null;
  defaultValue: AttributeValue | null;
}

/** A problem the lenient parser accepted; strict mode raises instead. */
export interface DbcWarning {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface Database {
  version: string | null;
  nodes: Node[];
  messages: Message[];
  /** VAL_TABLE_ entries; kept, not linked to signals (as cantools). */
  valueTables: Record<string, ReadonlyMap<RawInt, string>>;
  attributeDefinitions: AttributeDefinition[];
  /** Network (BA_ without object) attributes. */
  attributes: Record<string, AttributeValue>;
  comment: string | null;
  warnings: DbcWarning[];
}

export interface ParseOptions {
  /** File name used in errors and warnings. */
  file?: string;
  /**
   * true (default, as cantools): reject flagless 29-bit ids, names starting with a digit,
   * `NAME : len`, CM_ without a signal name, overlapping signals and signals beyond the message.
   * false: accept them with a warning in `Database.warnings`.
   */
  strict?: boolean;
}
