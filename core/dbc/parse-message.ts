/**
 * `BO_ <id> <name>: <length> <sender>` and its `SG_` lines, as cantools' grammar reads them.
 */
import { describeToken, type ParseContext } from './parse-context.js';
import type { MessageSyntax, SignalSyntax } from './syntax.js';

const MAX_DBC_ID = 0xffffffff;
/** The codec works on integers of at most 64 bits (as every real DBC does). */
const MAX_SIGNAL_LENGTH = 64;

export function parseMessage(ctx: ParseContext): MessageSyntax {
  const at = ctx.expect('BO_');
  const id = ctx.expectInteger('a message id');
  const dbcId = Number(id.text);
  if (dbcId < 0 || dbcId > MAX_DBC_ID) throw ctx.error(id, `message id ${id.text} is out of range`);
  const name = ctx.expectName('message name');
  // `BO_ 1043 TIME : 8`: cantools' grammar is token-based, so a space before the colon is fine, strict or not.
  ctx.expect(':');
  const lengthToken = ctx.expectInteger('a message length');
  const length = Number(lengthToken.text);
  if (length < 0 || !Number.isSafeInteger(length)) {
    throw ctx.error(lengthToken, `message length ${lengthToken.text} is out of range`);
  }
  const sender = ctx.expectName('a sender node name', false).text;
  const signals: SignalSyntax[] = [];
  while (ctx.is('SG_')) signals.push(parseSignal(ctx));
  return { at, dbcId, id, name, length, sender, signals };
}

function parseSignal(ctx: ParseContext): SignalSyntax {
  const at = ctx.expect('SG_');
  const name = ctx.expectName('signal name');
  let mux = null;
  if (ctx.is('WORD')) {
    mux = ctx.next();
    if (!/^(M|m\d+M?)$/.test(mux.text)) {
      throw ctx.error(mux, `expected a multiplexer indicator (M, m<k> or m<k>M), found '${mux.text}'`);
    }
  }
  ctx.expect(':');
  const startToken = ctx.expectInteger('a start bit');
  const startBit = Number(startToken.text);
  if (startBit < 0 || !Number.isSafeInteger(startBit)) {
    throw ctx.error(startToken, `start bit ${startToken.text} is out of range`);
  }
  ctx.expect('|');
  const lengthToken = ctx.expectInteger('a signal length');
  const length = Number(lengthToken.text);
  if (!(length >= 1 && length <= MAX_SIGNAL_LENGTH)) {
    throw ctx.error(lengthToken, `signal length ${lengthToken.text} is not in 1…${MAX_SIGNAL_LENGTH}`);
  }
  ctx.expect('@');
  const order = ctx.expect('NUMBER', "a byte order '0' or '1'");
  if (order.text !== '0' && order.text !== '1') {
    throw ctx.error(order, `byte order must be 0 (big endian) or 1 (little endian), got '${order.text}'`);
  }
  const sign = ctx.expect('SIGN');
  ctx.expect('(');
  const scale = ctx.expect('NUMBER', 'a scale factor');
  ctx.expect(',');
  const offset = ctx.expect('NUMBER', 'an offset');
  ctx.expect(')');
  ctx.expect('[');
  const minimum = ctx.expect('NUMBER', 'a minimum');
  ctx.expect('|');
  const maximum = ctx.expect('NUMBER', 'a maximum');
  ctx.expect(']');
  const unit = ctx.expect('STRING', 'a unit string').text;
  const receivers = parseReceivers(ctx);
  return {
    at,
    name,
    mux,
    startBit,
    length,
    byteOrder: order.text === '0' ? 'big_endian' : 'little_endian',
    isSigned: sign.text === '-',
    scale,
    offset,
    minimum,
    maximum,
    unit,
    receivers,
  };
}

function parseReceivers(ctx: ParseContext): string[] {
  if (!ctx.is('WORD')) {
    // cantools needs at least one receiver (Vector__XXX when there is none).
    ctx.problem(ctx.peek(), `expected a receiver name, found ${describeToken(ctx.peek())}`);
    return [];
  }
  const receivers = [ctx.expectName('a receiver node name', false).text];
  while (ctx.accept(',')) receivers.push(ctx.expectName('a receiver node name', false).text);
  return receivers;
}
