/**
 * BA_DEF_ / BA_DEF_REL_ / BA_DEF_DEF_ / BA_DEF_DEF_REL_ / BA_: attribute definitions with their
 * defaults, and each BA_ value converted by its definition's type (cantools: INT, HEX and ENUM
 * through `int(Decimal(…))`, FLOAT through `float(Decimal(…))`). ENUM values are kept as names.
 */
import type { AttributeDefinition, AttributeValue } from './model.js';
import type { ParseContext } from './parse-context.js';
import { parseDecimal } from './parse-number.js';
import type { AttributeDefaultSyntax, AttributeDefinitionSyntax, DbcSyntax } from './syntax.js';
import type { Token } from './tokenizer.js';

export type AttributeMap = Record<string, AttributeValue>;

/** A record keyed by names from the file: no prototype, so `__proto__` is just a name. */
export function emptyRecord<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

export interface LoadedAttributes {
  /** All definitions (plain, then relation), one per name. */
  list: AttributeDefinition[];
  /** Plain (non-relation) definitions by name: what BA_ values are read with. */
  definitions: Map<string, AttributeDefinition>;
  network: AttributeMap;
  /** By DBC message id (bit 31 included). */
  messages: Map<number, AttributeMap>;
  /** By DBC message id, then signal name as written in SG_. */
  signals: Map<number, Map<string, AttributeMap>>;
  nodes: Map<string, AttributeMap>;
}

export function loadAttributes(ctx: ParseContext, syntax: DbcSyntax): LoadedAttributes {
  const isRelation = (definition: AttributeDefinitionSyntax): boolean => definition.at.kind === 'BA_DEF_REL_';
  const definitions = buildDefinitions(ctx, syntax.attributeDefinitions.filter((d) => !isRelation(d)), syntax.attributeDefaults);
  const relations = buildDefinitions(ctx, syntax.attributeDefinitions.filter(isRelation), syntax.relationDefaults);
  const loaded: LoadedAttributes = {
    list: [...definitions.values(), ...relations.values()],
    definitions,
    network: emptyRecord(),
    messages: new Map(),
    signals: new Map(),
    nodes: new Map(),
  };
  for (const attribute of syntax.attributes) {
    const value = convertValue(ctx, definitions.get(attribute.name), attribute.name, attribute.value, attribute.at);
    const target = attribute.target;
    let map: AttributeMap;
    if (target.kind === 'network') {
      map = loaded.network;
    } else if (target.kind === 'BO_') {
      map = getOrCreate(loaded.messages, target.dbcId, emptyRecord<AttributeValue>);
    } else if (target.kind === 'SG_') {
      map = getOrCreate(getOrCreate(loaded.signals, target.dbcId, () => new Map()), target.signal, emptyRecord<AttributeValue>);
    } else if (target.kind === 'BU_') {
      map = getOrCreate(loaded.nodes, target.node, emptyRecord<AttributeValue>);
    } else {
      continue; // environment variables are not modelled
    }
    map[attribute.name] = value;
  }
  return loaded;
}

function buildDefinitions(
  ctx: ParseContext,
  syntaxes: AttributeDefinitionSyntax[],
  defaults: AttributeDefaultSyntax[],
): Map<string, AttributeDefinition> {
  const defaultByName = new Map<string, AttributeDefaultSyntax>();
  for (const entry of defaults) defaultByName.set(entry.name, entry);
  const result = new Map<string, AttributeDefinition>();
  for (const syntax of syntaxes) {
    const type = syntax.type.text as AttributeDefinition['type'];
    const numeric = type === 'INT' || type === 'HEX' || type === 'FLOAT';
    const bound = (token: Token | undefined): number | null =>
      numeric && token ? convertNumber(ctx, type, token.text, token, syntax.name) : null;
    const definition: AttributeDefinition = {
      name: syntax.name,
      kind: syntax.kind,
      type,
      minimum: bound(syntax.range[0]),
      maximum: bound(syntax.range[1]),
      choices: type === 'ENUM' ? syntax.enumChoices : null,
      defaultValue: null,
    };
    const fallback = defaultByName.get(syntax.name);
    if (fallback) definition.defaultValue = convertDefault(ctx, definition, fallback);
    result.set(syntax.name, definition);
  }
  return result;
}

/** BA_DEF_DEF_: numbers for INT/HEX/FLOAT, the text otherwise (an ENUM default names its value). */
function convertDefault(ctx: ParseContext, definition: AttributeDefinition, entry: AttributeDefaultSyntax): AttributeValue | null {
  const { type } = definition;
  if (type === 'INT' || type === 'HEX' || type === 'FLOAT') {
    return convertNumber(ctx, type, entry.value.text, entry.value, definition.name);
  }
  if (type === 'ENUM' && entry.value.kind === 'NUMBER') return enumName(ctx, definition, entry.value) ?? entry.value.text;
  return entry.value.text;
}

function convertValue(
  ctx: ParseContext,
  definition: AttributeDefinition | undefined,
  name: string,
  token: Token,
  at: Token,
): AttributeValue {
  const raw = (): AttributeValue => (token.kind === 'NUMBER' ? Number(token.text) : token.text);
  if (!definition) {
    ctx.problem(at, `attribute '${name}' has no definition (BA_DEF_)`);
    return raw();
  }
  const { type } = definition;
  if (type === 'STRING') return token.text;
  if (type === 'ENUM') {
    const index = parseDecimal(token.text);
    if (index === null && definition.choices?.includes(token.text)) {
      ctx.problem(token, `enum attribute '${name}' written as a name ('${token.text}'), not an index`);
      return token.text;
    }
    return enumName(ctx, definition, token) ?? raw();
  }
  return convertNumber(ctx, type, token.text, token, name) ?? raw();
}

function convertNumber(ctx: ParseContext, type: string, text: string, token: Token, name: string): number | null {
  const value = parseDecimal(text);
  if (value === null) {
    ctx.problem(token, `attribute '${name}' of type ${type} needs a number, got '${text}'`);
    return null;
  }
  return type === 'FLOAT' ? value : Math.trunc(value);
}

/** An ENUM index as its name; a problem when it is not a number or out of range. */
function enumName(ctx: ParseContext, definition: AttributeDefinition, token: Token): string | null {
  const value = parseDecimal(token.text);
  const choices = definition.choices ?? [];
  const index = value === null ? -1 : Math.trunc(value);
  if (index >= 0 && index < choices.length) return choices[index];
  ctx.problem(token, `enum attribute '${definition.name}' has no value ${token.text} (${choices.length} values)`);
  return null;
}

export function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
