import { MAX_MESSAGE_BYTES, parseRequest, type ErrorInfo, type ParsedRequest } from '../api/protocol.js';
import { COMMAND_METHODS, type BridgeTopics } from './topics.js';

/** A message that arrived on a command topic, with its MQTT 5 request/response properties. */
export interface CommandMessage {
  readonly topic: string;
  readonly payload: Buffer;
  readonly responseTopic?: string;
  readonly correlationData?: Buffer;
}

/** Where and how to answer: the reply topic and what identifies the request to its sender. */
export interface ReplyAddress {
  readonly topic: string;
  /** MQTT 5 Correlation Data, echoed as the reply's property. */
  readonly correlationData?: Buffer;
  /** `correlation_id` from the JSON payload, echoed in the reply's JSON (MQTT 3.1.1 clients). */
  readonly correlationId?: string | number;
}

export type ParsedCommand =
  | { readonly ok: true; readonly request: ParsedRequest; readonly reply: ReplyAddress }
  | { readonly ok: false; readonly method: string; readonly reply: ReplyAddress; readonly error: ErrorInfo };

/** Keys of a command payload that address the reply; removed before the params are validated. */
const RESPONSE_TOPIC_KEY = 'response_topic';
const CORRELATION_KEY = 'correlation_id';
const MAX_TOPIC_CHARS = 256;

export interface CommandScope {
  readonly topics: BridgeTopics;
  /** Topics nobody may make us publish to (discovery prefix, HA's birth topic). */
  readonly forbiddenPrefixes: readonly string[];
}

/** A reply topic a sender may ask for: publishable, not ours (except our reply prefix), not HA's. */
export function isAllowedReplyTopic(scope: CommandScope, topic: string): boolean {
  if (topic === '' || topic.length > MAX_TOPIC_CHARS || /[+#\u0000]/.test(topic) || topic.startsWith('$')) return false;
  if (topic.startsWith(scope.topics.replyPrefix)) return true;
  if (topic === scope.topics.base || topic.startsWith(`${scope.topics.base}/`)) return false;
  return !scope.forbiddenPrefixes.some((prefix) => topic === prefix || topic.startsWith(`${prefix}/`));
}

const fail = (method: string, reply: ReplyAddress, code: string, message: string): ParsedCommand => ({ ok: false, method, reply, error: { code, message } });

/**
 * A command topic and payload → a request validated by the API's own schemas (parseRequest), or the
 * error to answer with. The payload is the method's params as JSON, optionally with `response_topic`
 * and `correlation_id`; on MQTT 5 the Response Topic and Correlation Data properties win.
 */
export function parseCommand(scope: CommandScope, message: CommandMessage): ParsedCommand {
  const method = message.topic.slice(`${scope.topics.base}/cmd/`.length);
  let reply: ReplyAddress = { topic: scope.topics.reply(method), correlationData: message.correlationData };
  const askFor = (topic: string): string | null => (isAllowedReplyTopic(scope, topic) ? null : `response topic '${topic.slice(0, 64)}' is not allowed`);
  if (message.responseTopic !== undefined) {
    const refused = askFor(message.responseTopic);
    if (refused !== null) return fail(method, reply, 'bad_response_topic', refused);
    reply = { ...reply, topic: message.responseTopic };
  }
  if (!(COMMAND_METHODS as readonly string[]).includes(method)) return fail(method, reply, 'unknown_method', `unknown command '${method.slice(0, 64)}' (one of ${COMMAND_METHODS.join(', ')})`);
  if (message.payload.length > MAX_MESSAGE_BYTES) return fail(method, reply, 'too_large', `payload over ${MAX_MESSAGE_BYTES} bytes`);
  let body: unknown;
  try {
    body = message.payload.length === 0 ? {} : JSON.parse(message.payload.toString('utf8'));
  } catch {
    return fail(method, reply, 'bad_json', 'payload is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(method, reply, 'bad_params', `${method}: params must be a JSON object`);
  const params: Record<string, unknown> = { ...body };
  const asked = params[RESPONSE_TOPIC_KEY];
  const correlation = params[CORRELATION_KEY];
  delete params[RESPONSE_TOPIC_KEY];
  delete params[CORRELATION_KEY];
  if (typeof correlation === 'string' ? correlation.length <= 128 : typeof correlation === 'number' && Number.isFinite(correlation)) {
    reply = { ...reply, correlationId: correlation as string | number };
  } else if (correlation !== undefined) {
    return fail(method, reply, 'bad_params', `${CORRELATION_KEY}: expected a string (≤ 128 chars) or a number`);
  }
  if (asked !== undefined && message.responseTopic === undefined) {
    if (typeof asked !== 'string') return fail(method, reply, 'bad_response_topic', `${RESPONSE_TOPIC_KEY}: expected a string`);
    const refused = askFor(asked);
    if (refused !== null) return fail(method, reply, 'bad_response_topic', refused);
    reply = { ...reply, topic: asked };
  }
  const parsed = parseRequest({ id: 0, method, params });
  if (!parsed.ok) return fail(method, reply, parsed.error.code, parsed.error.message);
  return { ok: true, request: parsed.request, reply };
}
