import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { parseRequest, type ServerMessage } from '../core/api/protocol.js';
import { isAppUrl } from './security.js';

export const REQUEST_CHANNEL = 'homeward:request';
export const PUSH_CHANNEL = 'homeward:push';

export interface IpcCore {
  /** Sends a validated request to the core; resolves with the core's response (the caller's id). */
  request(message: { id: number; method: string; params: unknown }): Promise<ServerMessage>;
}

type Frame = Pick<WebFrameMain, 'url'> & { parent: unknown };

/** The sender is our page: the main frame (no parent) of our window, on our origin. */
export function isTrustedSender(frame: Frame | null | undefined, appOrigin: string): boolean {
  return Boolean(frame) && frame!.parent === null && isAppUrl(frame!.url, appOrigin);
}

/**
 * The one IPC handler (like VS Code's validatedIpcMain): checks event.senderFrame, then validates
 * the message with the protocol's schema before the core sees it. Refusals are answered, never thrown.
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, appOrigin: string, core: IpcCore): void {
  ipcMain.handle(REQUEST_CHANNEL, async (event: IpcMainInvokeEvent, id: unknown, method: unknown, params: unknown): Promise<ServerMessage> => {
    const replyId = typeof id === 'number' && Number.isInteger(id) ? id : -1;
    if (!isTrustedSender(event.senderFrame as Frame | null, appOrigin)) {
      return { type: 'response', id: replyId, ok: false, error: { code: 'forbidden', message: 'not the dashboard frame' } };
    }
    const parsed = parseRequest({ id, method, params });
    if (!parsed.ok) return { type: 'response', id: parsed.id ?? replyId, ok: false, error: parsed.error };
    return core.request(parsed.request);
  });
}
