/**
 * A human-readable listing of a Database in the spirit of `cantools dump`: per message a header,
 * an ASCII bit layout (one row per byte, bit 7 left) and each signal's layout, scaling and choices.
 */
import { signalBits } from './check-signal-layout.js';
import type { Database, Message, Signal } from './model.js';

const RULE = `  ${'-'.repeat(72)}`;
const CODES = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Layout rows shown at most (CAN FD's 64 bytes); longer (J1939 transport) messages are cut. */
const MAX_LAYOUT_BYTES = 64;

export function dumpDatabase(db: Database): string {
  const lines: string[] = [];
  lines.push('================================= Messages =================================', '');
  for (const message of db.messages) {
    lines.push(RULE, '', ...dumpMessage(message), '');
  }
  lines.push(RULE);
  return `${lines.join('\n')}\n`;
}

function dumpMessage(message: Message): string[] {
  const lines = [
    `  Name:       ${message.name}`,
    `  Id:         0x${message.frameId.toString(16)}`,
    `  Length:     ${message.length} bytes`,
    `  Extended:   ${yesNo(message.isExtendedFrame)}`,
    `  CAN FD:     ${yesNo(message.isFd)}`,
    `  Cycle time: ${message.cycleTime ?? '-'} ms`,
    `  Senders:    ${message.senders.join(', ') || '-'}`,
  ];
  if (message.protocol) lines.push(`  Protocol:   ${message.protocol}`);
  if (message.comment) lines.push(`  Comment:    ${oneLine(message.comment)}`);
  lines.push('  Layout:', '', ...dumpLayout(message), '', '  Signals:', '');
  message.signals.forEach((signal, i) => lines.push(...dumpSignal(signal, codeOf(i))));
  return lines;
}

function dumpLayout(message: Message): string[] {
  const rows = Math.min(message.length, MAX_LAYOUT_BYTES);
  const cells: string[] = new Array<string>(rows * 8).fill(' ');
  message.signals.forEach((signal, i) => {
    for (const bit of signalBits(signal)) {
      if (bit >= cells.length) continue;
      // '#': bits several signals use (multiplexed branches, or an overlap).
      cells[bit] = cells[bit] === ' ' ? codeOf(i) : '#';
    }
  });
  const border = `           +${'---+'.repeat(8)}`;
  const lines = ['             7   6   5   4   3   2   1   0', border];
  for (let byte = 0; byte < rows; byte++) {
    const row: string[] = [];
    for (let bit = 7; bit >= 0; bit--) row.push(` ${cells[byte * 8 + bit]} `);
    lines.push(`${String(byte).padStart(10)} |${row.join('|')}|`, border);
  }
  if (message.length > rows) lines.push(`           … ${message.length - rows} more bytes`);
  return lines;
}

function dumpSignal(signal: Signal, code: string): string[] {
  const type = signal.isFloat ? `float${signal.length}` : signal.isSigned ? 'signed' : 'unsigned';
  const lines = [
    `    ${code} ${signal.name}`,
    `        start ${signal.startBit}, length ${signal.length}, ${signal.byteOrder}, ${type}`,
    `        scale ${signal.scale}, offset ${signal.offset} (${signal.conversion}), ` +
      `min ${signal.minimum ?? '-'}, max ${signal.maximum ?? '-'}, unit ${signal.unit ?? '-'}`,
  ];
  if (signal.isMultiplexer) lines.push('        multiplexer');
  if (signal.multiplexerSignal !== null) {
    lines.push(`        multiplexed by ${signal.multiplexerSignal} = ${(signal.multiplexerIds ?? []).join(', ')}`);
  }
  if (signal.receivers.length > 0) lines.push(`        receivers ${signal.receivers.join(', ')}`);
  if (signal.comment) lines.push(`        comment ${oneLine(signal.comment)}`);
  if (signal.choices) {
    lines.push('        choices');
    for (const [raw, name] of signal.choices) lines.push(`            ${String(raw)} ${name}`);
  }
  return lines;
}

function codeOf(index: number): string {
  return index < CODES.length ? CODES[index] : '?';
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}
