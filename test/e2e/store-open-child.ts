/**
 * Opens a store and prints one JSON line: `{"ok":true}` or the StoreError's code and path. The bad-file
 * test runs it as an unprivileged user, since root writes into a read-only directory anyway.
 *   node store-open-child.js DB
 */
import { asyncScheduler } from 'rxjs';
import { openStore } from '../../core/store/open-store.js';

try {
  openStore({ path: process.argv[2], scheduler: asyncScheduler, busyTimeoutMs: 50 }).close();
  process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
} catch (error) {
  const { code, path, name, message } = error as { code?: string; path?: string; name?: string; message?: string };
  process.stdout.write(`${JSON.stringify({ ok: false, name, code, path, message })}\n`);
}
