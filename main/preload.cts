// Preload: one frozen object for the page; one method per protocol message (grows with the API).
// CommonJS because a sandboxed preload cannot be an ES module.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS preload
import electron = require('electron');

electron.contextBridge.exposeInMainWorld('homeward', Object.freeze({ kind: 'electron' as const }));
