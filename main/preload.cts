// Preload: one frozen object for the page, one method per protocol request, plus one listener for
// pushes (wrapped so the page never sees an IpcRendererEvent). CommonJS and self-contained because
// a sandboxed preload may require only Electron's renderer modules: the method list is repeated
// here and a test checks it against protocol.ts's METHODS.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS preload
import electron = require('electron');

const METHODS = [
  'snapshot', 'device.action', 'device.set', 'scene.run', 'automation.enable', 'automation.trigger', 'automation.runs',
  'run.trace', 'history.events', 'history.signals', 'config.reload', 'subscribe',
] as const;

const request: Record<string, (id: number, params: unknown) => Promise<unknown>> = {};
for (const method of METHODS) {
  request[method] = (id: number, params: unknown) => electron.ipcRenderer.invoke('homeward:request', id, method, params);
}

electron.contextBridge.exposeInMainWorld('homeward', Object.freeze({
  kind: 'electron' as const,
  methods: Object.freeze([...METHODS]),
  request: Object.freeze(request),
  onPush(listener: (message: unknown) => void): void {
    electron.ipcRenderer.on('homeward:push', (_event, message: unknown) => listener(message));
  },
}));
