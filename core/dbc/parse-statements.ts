/**
 * The DBC grammar (cantools 42's, statement by statement) over the token list. Statements cantools
 * knows but does not interpret are read and dropped; the §2.1 keywords its grammar lacks
 * (SGTYPE_, CAT_DEF_, FILTER, …) are skipped to their ';'. Anything else is a located syntax error.
 */
import type { ParseContext } from './parse-context.js';
import { expectValue, parseAttribute, parseAttributeDefinition, parseRelationAttribute } from './parse-attributes.js';
import { parseMessage } from './parse-message.js';
import type { CommentTarget, DbcSyntax } from './syntax.js';
import type { Token } from './tokenizer.js';

const SKIPPED = new Set([
  'CAT_DEF_', 'CAT_', 'FILTER', 'SGTYPE_', 'SGTYPE_VAL_', 'BA_DEF_SGTYPE_', 'BA_SGTYPE_', 'SIG_TYPE_REF_',
  'SIGTYPE_VALTYPE_', 'EV_DATA_', 'BU_SG_REL_', 'BU_EV_REL_', 'BU_BO_REL_', 'NS_DESC_',
]);
/** SG_MUL_VAL_ ranges expand to one id each (as cantools); bound them so garbage cannot exhaust memory. */
const MAX_MUX_RANGE = 65_536;

export function parseStatements(ctx: ParseContext): DbcSyntax {
  const syntax: DbcSyntax = {
    version: null, nodes: null, messages: [], comments: [], attributeDefinitions: [], attributeDefaults: [],
    relationDefaults: [], attributes: [], choices: [], valueTables: [], signalTypes: [], muxValues: [], senders: [],
  };
  for (;;) {
    const token = ctx.peek();
    switch (token.kind) {
      case 'EOF':
        return syntax;
      case 'VERSION': {
        ctx.next();
        const version = ctx.expect('STRING', 'a version string').text;
        syntax.version ??= version;
        break;
      }
      case 'NS_':
        ctx.next();
        ctx.expect(':');
        // cantools: everything up to the first token that a ':' follows (BS_:, BU_:).
        while (!ctx.is('EOF') && !ctx.is(':', 1)) ctx.next();
        break;
      case 'BS_':
        ctx.next();
        ctx.expect(':');
        if (ctx.is('NUMBER')) parseBitTiming(ctx);
        break;
      case 'BU_': {
        ctx.next();
        ctx.expect(':');
        const nodes: Token[] = [];
        while (ctx.is('WORD')) nodes.push(ctx.expectName('node name'));
        syntax.nodes = nodes;
        break;
      }
      case 'BO_':
        syntax.messages.push(parseMessage(ctx));
        break;
      case 'BO_TX_BU_': {
        ctx.next();
        const dbcId = ctx.expectId();
        ctx.expect(':');
        const nodes = [ctx.expectName('a sender node name', false).text];
        while (ctx.accept(',')) nodes.push(ctx.expectName('a sender node name', false).text);
        ctx.expect(';');
        syntax.senders.push({ at: token, dbcId, nodes });
        break;
      }
      case 'CM_':
        parseComment(ctx, syntax);
        break;
      case 'BA_DEF_':
      case 'BA_DEF_REL_':
        parseAttributeDefinition(ctx, syntax);
        break;
      case 'BA_DEF_DEF_':
      case 'BA_DEF_DEF_REL_': {
        ctx.next();
        const name = ctx.expect('STRING', 'an attribute name').text;
        const value = expectValue(ctx);
        ctx.expect(';');
        const list = token.kind === 'BA_DEF_DEF_' ? syntax.attributeDefaults : syntax.relationDefaults;
        list.push({ at: token, name, value });
        break;
      }
      case 'BA_':
        parseAttribute(ctx, syntax);
        break;
      case 'BA_REL_':
        parseRelationAttribute(ctx);
        break;
      case 'VAL_': {
        ctx.next();
        const dbcId = ctx.is('NUMBER') ? ctx.expectId() : null;
        const signal = ctx.expectName('a signal name', false).text;
        syntax.choices.push({ at: token, dbcId, signal, entries: parseValueDescriptions(ctx) });
        break;
      }
      case 'VAL_TABLE_': {
        ctx.next();
        const name = ctx.expectName('a value table name', false).text;
        syntax.valueTables.push({ at: token, name, entries: parseValueDescriptions(ctx) });
        break;
      }
      case 'SIG_VALTYPE_': {
        ctx.next();
        const dbcId = ctx.expectId();
        const signal = ctx.expectName('a signal name', false).text;
        ctx.expect(':');
        const type = Number(ctx.expectInteger('a signal value type').text);
        ctx.expect(';');
        syntax.signalTypes.push({ at: token, dbcId, signal, type });
        break;
      }
      case 'SG_MUL_VAL_':
        parseMuxValues(ctx, syntax);
        break;
      case 'SIG_GROUP_':
        ctx.next();
        ctx.expectId();
        ctx.expectName('a signal group name', false);
        ctx.expectInteger('a repetition count');
        ctx.expect(':');
        while (ctx.is('WORD')) ctx.next();
        ctx.expect(';');
        break;
      case 'EV_':
        parseEnvironmentVariable(ctx);
        break;
      case 'ENVVAR_DATA_':
        ctx.next();
        ctx.expectName('an environment variable name', false);
        ctx.expect(':');
        ctx.expectInteger('a data size');
        ctx.expect(';');
        break;
      default:
        if (!SKIPPED.has(token.kind)) throw ctx.unexpected(token, 'a DBC keyword');
        ctx.next();
        ctx.skipStatement();
    }
  }
}

/** `BS_: <baudrate> : <BTR1>,<BTR2>` (cantools reads only `BS_:`). */
function parseBitTiming(ctx: ParseContext): void {
  ctx.expect('NUMBER');
  ctx.expect(':');
  ctx.expect('NUMBER');
  ctx.expect(',');
  ctx.expect('NUMBER');
}

function parseComment(ctx: ParseContext, syntax: DbcSyntax): void {
  const at = ctx.expect('CM_');
  let target: CommentTarget | null;
  const kind = ctx.peek();
  if (kind.kind === 'STRING') {
    target = { kind: 'network' };
  } else if (kind.kind === 'SG_') {
    ctx.next();
    const dbcId = ctx.expectId();
    if (ctx.is('STRING')) {
      ctx.problem(ctx.peek(), `CM_ SG_ ${dbcId} has no signal name`);
      target = null;
    } else {
      target = { kind: 'SG_', dbcId, signal: ctx.expectName('a signal name', false).text };
    }
  } else if (kind.kind === 'BO_') {
    ctx.next();
    target = { kind: 'BO_', dbcId: ctx.expectId() };
  } else if (kind.kind === 'BU_') {
    ctx.next();
    target = { kind: 'BU_', node: ctx.expectName('a node name', false).text };
  } else if (kind.kind === 'EV_') {
    ctx.next();
    target = { kind: 'EV_', name: ctx.expectName('an environment variable name', false).text };
  } else if (kind.kind === 'NUMBER') {
    ctx.problem(kind, `CM_ ${kind.text} has no object kind (BO_, SG_, BU_ or EV_)`);
    ctx.next();
    target = null;
  } else {
    throw ctx.unexpected(kind, 'a comment string or BU_, BO_, SG_, EV_');
  }
  const text = ctx.expect('STRING', 'a comment string').text;
  ctx.expect(';');
  if (target) syntax.comments.push({ at, target, text });
}

function parseValueDescriptions(ctx: ParseContext): Array<[Token, string]> {
  const entries: Array<[Token, string]> = [];
  while (ctx.is('NUMBER')) {
    const value = ctx.expectInteger('a raw value');
    entries.push([value, ctx.expect('STRING', 'a value description').text]);
  }
  ctx.expect(';');
  return entries;
}

function parseMuxValues(ctx: ParseContext, syntax: DbcSyntax): void {
  const at = ctx.expect('SG_MUL_VAL_');
  const dbcId = ctx.expectId();
  const signal = ctx.expectName('a signal name', false).text;
  const multiplexer = ctx.expectName('a multiplexer signal name', false).text;
  const ranges: Array<[number, number]> = [];
  let count = 0;
  do {
    const low = ctx.expectInteger('a multiplexer value');
    // `2-5` lexes as NUMBER 2, NUMBER -5: the upper bound is the second number without its '-'.
    const high = ctx.expect('NUMBER', "a range end '-<value>'");
    if (!/^-\d+$/.test(high.text)) throw ctx.error(high, `expected a range end '-<value>', found '${high.text}'`);
    const lowValue = Number(low.text);
    const highValue = Number(high.text.slice(1));
    count += Math.max(0, highValue - lowValue + 1);
    if (count > MAX_MUX_RANGE) {
      throw ctx.error(low, `SG_MUL_VAL_ ranges give more than ${MAX_MUX_RANGE} multiplexer values`);
    }
    ctx.muxValueBudget -= Math.max(0, highValue - lowValue + 1);
    if (ctx.muxValueBudget < 0) throw ctx.error(low, 'too many SG_MUL_VAL_ multiplexer values in this file');
    ranges.push([lowValue, highValue]);
  } while (ctx.accept(','));
  ctx.expect(';');
  syntax.muxValues.push({ at, dbcId, signal, multiplexer, ranges });
}

/** `EV_ <name>: <type> [<min>|<max>] "<unit>" <initial> <id> <access> <nodes>;` read and dropped. */
function parseEnvironmentVariable(ctx: ParseContext): void {
  ctx.expect('EV_');
  ctx.expectName('an environment variable name', false);
  ctx.expect(':');
  ctx.expect('NUMBER', 'a variable type');
  ctx.expect('[');
  ctx.expect('NUMBER', 'a minimum');
  ctx.expect('|');
  ctx.expect('NUMBER', 'a maximum');
  ctx.expect(']');
  ctx.expect('STRING', 'a unit string');
  ctx.expect('NUMBER', 'an initial value');
  ctx.expect('NUMBER', 'an id');
  ctx.expectName('an access type', false);
  ctx.expectName('an access node', false);
  while (ctx.accept(',')) ctx.expectName('an access node', false);
  ctx.expect(';');
}
