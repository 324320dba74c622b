/** CM_: comments of the network, nodes, messages and signals (environment variables are not modelled). */
import type { DbcSyntax } from './syntax.js';

export interface LoadedComments {
  /** All network comments joined, as CANdb++ does; null when there is none. */
  network: string | null;
  nodes: Map<string, string>;
  /** By DBC message id (bit 31 included). */
  messages: Map<number, string>;
  /** By DBC message id, then signal name as written in SG_. */
  signals: Map<number, Map<string, string>>;
}

export function loadComments(syntax: DbcSyntax): LoadedComments {
  const comments: LoadedComments = { network: null, nodes: new Map(), messages: new Map(), signals: new Map() };
  for (const { target, text } of syntax.comments) {
    if (target.kind === 'network') {
      comments.network = (comments.network ?? '') + text;
    } else if (target.kind === 'BU_') {
      comments.nodes.set(target.node, text);
    } else if (target.kind === 'BO_') {
      comments.messages.set(target.dbcId, text);
    } else if (target.kind === 'SG_') {
      let signals = comments.signals.get(target.dbcId);
      if (!signals) comments.signals.set(target.dbcId, (signals = new Map()));
      signals.set(target.signal, text);
    }
  }
  return comments;
}
