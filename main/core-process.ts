// The core's utility process (Electron utilityProcess.fork): the whole runtime from its config,
// one ClientSession for the window, talking to main over process.parentPort. Under plain Node the
// same runtime runs through `homeward run` instead.
import { ClientSession } from '../core/api/client-session.js';
import type { FromCore, ToCore } from './core-channel.js';

const port = process.parentPort;
const post = (message: FromCore): void => port.postMessage(message);

/** Main sends the store's key first (safeStorage lives only in the main process). */
function startMessage(): Promise<Extract<ToCore, { kind: 'start' }>> {
  return new Promise((resolve) => {
    const onMessage = ({ data }: { data: ToCore }): void => {
      if (data.kind !== 'start') return;
      port.off('message', onMessage);
      resolve(data);
    };
    port.on('message', onMessage);
  });
}

async function main(): Promise<void> {
  const { storeKeyHex } = await startMessage();
  // Lazy: a bad config or a native module that fails to load is reported to main, not a crash loop.
  const [{ createRuntime }, { loadConfig }, { demoConfigPath }] = await Promise.all([
    import('../core/runtime/create-runtime.js'),
    import('../core/runtime/config/load-config.js'),
    import('../core/runtime/demo-config.js'),
  ]);
  const configFile = process.env.HOMEWARD_CONFIG ?? demoConfigPath();
  const { config } = await loadConfig(configFile);
  const onUnexpectedError = (error: unknown) => console.error('homeward core: unexpected error:', error);
  // The window talks over IPC; the kiosk server stays off unless the config's web section is used.
  const runtime = await createRuntime(config, { configFile, onUnexpectedError, services: { web: process.env.HOMEWARD_WEB === '1', ...(storeKeyHex ? { storeKey: Buffer.from(storeKeyHex, 'hex') } : {}) } });
  await runtime.start();
  const session = new ClientSession({
    api: runtime.api,
    send: (message) => post({ kind: 'server', message }),
    onUnexpectedError,
  });
  port.on('message', ({ data }: { data: ToCore }) => {
    if (data.kind === 'request') session.receive(data.message);
    else if (data.kind === 'stop') void runtime.stop().then(() => process.exit(0));
  });
  post({ kind: 'ready' });
}

main().catch((error: unknown) => {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : 'core_start';
  post({ kind: 'fatal', code, message: error instanceof Error ? error.message : String(error) });
  // Not a crash: main shows the message instead of restarting into the same failure.
  setTimeout(() => process.exit(78), 100);
});
