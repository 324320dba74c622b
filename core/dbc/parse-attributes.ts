/**
 * BA_DEF_ / BA_DEF_REL_ (definitions), BA_ (values) and BA_REL_ (relation values, read and
 * dropped), as cantools' grammar reads them.
 */
import type { ParseContext } from './parse-context.js';
import type { AttributeTarget, DbcSyntax } from './syntax.js';
import type { Token } from './tokenizer.js';

const ATTRIBUTE_TYPES = new Set(['INT', 'HEX', 'FLOAT', 'STRING', 'ENUM']);

export function expectValue(ctx: ParseContext): Token {
  if (ctx.is('NUMBER') || ctx.is('STRING')) return ctx.next();
  throw ctx.unexpected(ctx.peek(), 'a number or a string');
}

export function parseAttributeDefinition(ctx: ParseContext, syntax: DbcSyntax): void {
  const at = ctx.next();
  const isRelation = at.kind === 'BA_DEF_REL_';
  const kinds = isRelation ? ['BU_SG_REL_', 'BU_BO_REL_', 'BU_EV_REL_'] : ['SG_', 'BO_', 'EV_', 'BU_'];
  const kind = kinds.includes(ctx.peek().kind) ? ctx.next().text : '';
  const name = ctx.expect('STRING', 'an attribute name').text;
  const type = ctx.expect('WORD', 'an attribute type');
  if (!ATTRIBUTE_TYPES.has(type.text)) {
    throw ctx.error(type, `attribute type must be INT, HEX, FLOAT, STRING or ENUM, got '${type.text}'`);
  }
  let enumChoices: string[] | null = null;
  const range: Token[] = [];
  if (ctx.is('STRING')) {
    enumChoices = [ctx.next().text];
    while (ctx.accept(',')) enumChoices.push(ctx.expect('STRING', 'an enum value').text);
  } else {
    while (ctx.is('NUMBER')) range.push(ctx.next());
  }
  ctx.expect(';');
  if (range.length !== 0 && range.length !== 2) {
    throw ctx.error(range[0], `attribute '${name}' needs a minimum and a maximum, got ${range.length} numbers`);
  }
  if (type.text === 'ENUM') enumChoices ??= [];
  syntax.attributeDefinitions.push({ at, name, kind, type, enumChoices, range });
}

export function parseAttribute(ctx: ParseContext, syntax: DbcSyntax): void {
  const at = ctx.expect('BA_');
  const name = ctx.expect('STRING', 'an attribute name').text;
  let target: AttributeTarget | null = null;
  // cantools' grammar allows several object specs; only the first one counts.
  for (;;) {
    let current: AttributeTarget;
    if (ctx.accept('BO_')) {
      current = { kind: 'BO_', dbcId: ctx.expectId() };
    } else if (ctx.accept('SG_')) {
      const dbcId = ctx.expectId();
      current = { kind: 'SG_', dbcId, signal: ctx.expectName('a signal name', false).text };
    } else if (ctx.accept('BU_')) {
      current = { kind: 'BU_', node: ctx.expectName('a node name', false).text };
    } else if (ctx.accept('EV_')) {
      current = { kind: 'EV_', name: ctx.expectName('an environment variable name', false).text };
    } else {
      break;
    }
    target ??= current;
  }
  const value = expectValue(ctx);
  ctx.expect(';');
  syntax.attributes.push({ at, name, target: target ?? { kind: 'network' }, value });
}

/** BA_REL_: read and dropped (the model has no place for node relations). */
export function parseRelationAttribute(ctx: ParseContext): void {
  ctx.expect('BA_REL_');
  ctx.expect('STRING', 'an attribute name');
  if (ctx.accept('BU_SG_REL_')) {
    ctx.expectName('a node name', false);
    ctx.expect('SG_');
    ctx.expectId();
    ctx.expectName('a signal name', false);
  } else if (ctx.accept('BU_BO_REL_')) {
    ctx.expectName('a node name', false);
    ctx.expectId();
  } else if (ctx.accept('BU_EV_REL_')) {
    ctx.expectName('a node name', false);
    ctx.expectName('an environment variable name', false);
  } else {
    throw ctx.unexpected(ctx.peek(), 'BU_SG_REL_, BU_BO_REL_ or BU_EV_REL_');
  }
  expectValue(ctx);
  ctx.expect(';');
}
