/**
 * The commit worker's code, run with `new Worker(source, { eval: true })`: a file beside this one
 * would not exist under vitest (which runs the .ts sources) nor in a child transpiled by
 * test/helpers/transpile-for-child.ts, a string works in all three. Plain CommonJS, no imports:
 * better-sqlite3 comes by the path the parent resolved, the SQL and the settings in workerData.
 *
 * Protocol (one MessagePort, in order): {seq, message} (batch-rows.ts's BatchMessage) -> {seq} once
 * committed (synchronous=FULL: on disk), or {seq, error: {message, code}}; the parent keeps one
 * batch in flight, so a failed one is retried before anything later. 'close' closes the connection. After posting an answer the worker stores its
 * seq at flag[0] (flag[1] = 1 once closed) and notifies, so the parent can block in Atomics.wait and
 * take the answer with receiveMessageOnPort.
 */
export const COMMIT_WORKER_SOURCE = String.raw`
'use strict';
const { workerData } = require('node:worker_threads');
const { port, flag, tables } = workerData;
const paths = [];
let write;
let openError;
let db;
try {
  const Database = require(workerData.sqlitePath);
  db = new Database(workerData.path, { fileMustExist: true, timeout: workerData.busyTimeoutMs });
  db.pragma('synchronous = ' + workerData.synchronous);
  const statements = Object.keys(tables).map((name) => [name, tables[name].width, db.prepare(tables[name].sql)]);
  const signal = db.prepare(workerData.signalSql);
  write = db.transaction((message) => {
    for (const [name, width, statement] of statements) {
      const params = message.tables[name];
      for (let i = 0; i < params.length; i += width) statement.run(params.slice(i, i + width));
    }
    const numbers = message.signals;
    for (let i = 0; i < numbers.length; i += 4) signal.run(numbers[i], paths[numbers[i + 1]], numbers[i + 2], numbers[i + 3]);
    const strings = message.stringSignals;
    for (let i = 0; i < strings.length; i += 4) signal.run(strings[i], paths[strings[i + 1]], strings[i + 2], strings[i + 3]);
  });
} catch (error) {
  openError = error;
}
function answer(reply) {
  port.postMessage(reply);
  Atomics.store(flag, 0, reply.seq);
  Atomics.notify(flag, 0);
}
port.on('message', (m) => {
  if (m === 'close') {
    try {
      if (db) db.close();
    } catch {
      // closing is best effort: the parent closes its own connection next
    }
    port.close();
    Atomics.store(flag, 1, 1);
    Atomics.notify(flag, 1);
    return;
  }
  // New path names count even in a batch that fails: the parent has given them ids.
  for (const name of m.message.paths) paths.push(name);
  try {
    if (openError) throw openError;
    write(m.message);
    answer({ seq: m.seq });
  } catch (error) {
    const e = error || {};
    answer({ seq: m.seq, error: { message: String(e.message || e), code: typeof e.code === 'string' ? e.code : '' } });
  }
});
`;
