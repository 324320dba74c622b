import { REQUESTS, type ErrorInfo, type Method, type RequestParams, type RequestResult, type Update } from '../core/api/protocol.js';
import type { Transport } from './transport.js';

/** A request the core refused or that timed out: `code` and `message` as the core sent them. */
export class RequestError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

interface Pending {
  method: Method;
  resolve(value: unknown): void;
  reject(error: RequestError): void;
  timer: number;
}

/**
 * Requests with increasing ids, answered or timed out; results validated against the method's
 * schema (version skew shows as an error, not as a broken page); pushes handed to listeners.
 */
export class ApiClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly updateListeners: ((update: Update) => void)[] = [];
  private readonly resyncListeners: ((reason: string) => void)[] = [];

  constructor(readonly transport: Transport, private readonly timeoutMs = 10_000) {
    transport.onMessage((message) => {
      if (message.type === 'update') this.updateListeners.forEach((listener) => listener(message.update));
      else if (message.type === 'resync') this.resyncListeners.forEach((listener) => listener(message.reason));
      else {
        const waiting = this.pending.get(message.id);
        if (!waiting) return;
        this.pending.delete(message.id);
        window.clearTimeout(waiting.timer);
        if (!message.ok) return waiting.reject(new RequestError(message.error.code, message.error.message));
        const result = REQUESTS[waiting.method].result.safeParse(message.result);
        if (result.success) waiting.resolve(result.data);
        else waiting.reject(new RequestError('bad_result', `${waiting.method}: the core answered in an unexpected shape`));
      }
    });
  }

  request<M extends Method>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    const id = this.nextId++;
    return new Promise<RequestResult<M>>((resolve, reject) => {
      const timer = window.setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestError('timeout', `${method}: no answer in ${this.timeoutMs / 1000} s`));
      }, this.timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      this.transport.send({ id, method, params });
    });
  }

  onUpdate(listener: (update: Update) => void): void {
    this.updateListeners.push(listener);
  }

  onResync(listener: (reason: string) => void): void {
    this.resyncListeners.push(listener);
  }
}

export function describeError(error: unknown): ErrorInfo {
  if (error instanceof RequestError) return { code: error.code, message: error.message };
  return { code: 'error', message: error instanceof Error ? error.message : String(error) };
}
