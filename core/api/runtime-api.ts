import type { Observable } from 'rxjs';
import type { Method, ParsedParams, RequestResult, Snapshot, Update } from './protocol.js';

/**
 * What every client of the runtime sees: the API server (WebSocket), Electron's IPC, the MQTT bridge
 * and the CLI. Only wire shapes cross it. `request` rejects with a HomewardError whose `code` and
 * `message` are what travels back (never a stack); params are already validated (parseRequest).
 */
export interface RuntimeApi {
  snapshot(): Snapshot;
  /** Every change as it happens (uncoalesced); transports coalesce per client. Hot, never errors. */
  readonly updates$: Observable<Update>;
  request<M extends Method>(method: M, params: ParsedParams<M>): Promise<RequestResult<M>>;
}
