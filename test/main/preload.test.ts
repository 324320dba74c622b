import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { METHODS } from '../../core/api/protocol.js';

// Runs the preload's source as Electron would (CommonJS, sandboxed: only `electron` to require),
// with a FAKE contextBridge and ipcRenderer.
function loadPreload() {
  const source = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../main/preload.cts'), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const listeners = new Map<string, (event: unknown, message: unknown) => void>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => { invoked.push(args); return Promise.resolve('answer'); },
      on: (channel: string, listener: (event: unknown, message: unknown) => void) => listeners.set(channel, listener),
    },
  };
  const module = { exports: {} };
  const required: string[] = [];
  vm.runInNewContext(js, { module, exports: module.exports, require: (name: string) => { required.push(name); if (name !== 'electron') throw new Error(`sandboxed preload cannot require ${name}`); return electron; } });
  return { exposed, invoked, listeners, required };
}

describe('preload', () => {
  it('exposes one frozen object with one method per request method, and only requires electron', async () => {
    const { exposed, invoked, required } = loadPreload();
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['homeward']);
    const bridge = exposed.get('homeward') as { kind: string; methods: string[]; request: Record<string, (id: number, p: unknown) => Promise<unknown>> };
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.isFrozen(bridge.request)).toBe(true);
    expect([...bridge.methods].sort()).toEqual([...METHODS].sort());
    expect(Object.keys(bridge.request).sort()).toEqual([...METHODS].sort());
    expect(await bridge.request['scene.run'](4, { scene: 's' })).toBe('answer');
    expect(invoked).toEqual([['homeward:request', 4, 'scene.run', { scene: 's' }]]);
  });

  it('hands pushes to the page without the IpcRendererEvent', () => {
    const { exposed, listeners } = loadPreload();
    const bridge = exposed.get('homeward') as { onPush(l: (...args: unknown[]) => void): void };
    const got: unknown[][] = [];
    bridge.onPush((...args) => got.push(args));
    listeners.get('homeward:push')?.({ sender: 'ipcRenderer!' }, { type: 'resync', reason: 'x' });
    expect(got).toEqual([[{ type: 'resync', reason: 'x' }]]);
  });
});
