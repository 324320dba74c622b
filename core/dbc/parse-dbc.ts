/**
 * DBC text → Database, with cantools 42's semantics: tokenize, read the statements, then one
 * loader per section. No I/O (see load-dbc-file.ts). Every rejection is a located DbcParseError.
 */
import { emptyRecord, loadAttributes } from './load-attributes.js';
import { loadChoices } from './load-choices.js';
import { loadComments } from './load-comments.js';
import { loadMessages } from './load-messages.js';
import { buildMuxValueTables } from './load-multiplexing.js';
import type { Database, Node, ParseOptions } from './model.js';
import { ParseContext } from './parse-context.js';
import { parseStatements } from './parse-statements.js';
import type { SignalTypeSyntax } from './syntax.js';
import { tokenizeDbc } from './tokenizer.js';

export const DEFAULT_DBC_FILE_NAME = '<string>';

export function parseDbc(text: string, options: ParseOptions = {}): Database {
  return parse(text, options.file ?? DEFAULT_DBC_FILE_NAME, options.strict ?? true);
}

function parse(source: string, file: string, strict: boolean): Database {
  let text = source;
  const bomWarning = text.startsWith('\uFEFF');
  // A UTF-8 byte order mark: cantools (cp1252) rejects it; lenient reads past it. A space keeps columns.
  if (bomWarning && !strict) text = ` ${text.slice(1)}`;
  const ctx = new ParseContext(tokenizeDbc(text, file), file, strict);
  if (bomWarning && !strict) ctx.warn(ctx.tokens[0], 'byte order mark at the start of the file ignored');

  const syntax = parseStatements(ctx);
  const attributes = loadAttributes(ctx, syntax);
  const comments = loadComments(syntax);
  const choices = loadChoices(syntax);
  const nodeName = (name: string): string => {
    const long = attributes.nodes.get(name)?.SystemNodeLongSymbol;
    return typeof long === 'string' ? long : name;
  };

  const signalTypes = new Map<number, Map<string, SignalTypeSyntax>>();
  for (const statement of syntax.signalTypes) {
    let byName = signalTypes.get(statement.dbcId);
    if (!byName) signalTypes.set(statement.dbcId, (byName = new Map()));
    byName.set(statement.signal, statement);
  }
  const senders = new Map<number, string[]>();
  for (const statement of syntax.senders) {
    senders.set(statement.dbcId, [...(senders.get(statement.dbcId) ?? []), ...statement.nodes]);
  }

  const messages = loadMessages(ctx, syntax.messages, {
    attributes,
    comments,
    choices: choices.signals,
    signalTypes,
    nodeName,
    senders,
    muxTables: buildMuxValueTables(syntax.muxValues),
  });
  const nodes: Node[] = (syntax.nodes ?? [])
    .map((token) => ({
      name: nodeName(token.text),
      comment: comments.nodes.get(token.text) ?? null,
      attributes: attributes.nodes.get(token.text) ?? emptyRecord(),
    }));

  return {
    version: syntax.version,
    nodes,
    messages,
    valueTables: choices.valueTables,
    attributeDefinitions: attributes.list,
    attributes: attributes.network,
    comment: comments.network,
    warnings: ctx.warnings,
  };
}
