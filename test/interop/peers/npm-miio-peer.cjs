'use strict';
/*
 * Drive npm `miio` 0.15.6 as a test peer, the way a user of the library would.
 *
 * Input: one JSON object as argv[2], or on stdin when argv[2] is absent:
 *   {"host": "127.0.0.21", "port": 54321, "token": "<32 hex>", "timeout": 4,
 *    "ops": [{"kind": "info"}, {"kind": "send", "method": "get_prop", "params": ["power"]},
 *            {"kind": "get_properties", "properties": [{"did": "power", "siid": 2, "piid": 1}]},
 *            {"kind": "set_properties", "properties": [{"siid": 2, "piid": 1, "value": false}]},
 *            {"kind": "action", "siid": 2, "aiid": 1, "in": []},
 *            {"kind": "method", "method": "power", "args": []}]}
 *   `timeout` (seconds, default 15) is our own deadline for connecting and for each op: npm miio
 *   can hang forever (device stamp 0, or more than 120 s since the last stamp), so every await
 *   races against it. npm's own give-up is 6 sends 2 s apart (~12 s).
 *   "method" calls a method of the device object miio.device() built (e.g. power(), setPower()).
 *
 * Output: one JSON line per op: {"ok": true, "result", "did", "model", "thing", "elapsed_ms"} or
 *   {"ok": false, "error_type": "device_error" | "no_response" | "unreachable" | "connection_failure" |
 *    "missing_token" | "deadline" | "exception", "library_error", "message", "code"?, "stage"}.
 * Run with HOME set to a temp dir: without a token npm reads its token store under ~/.config.
 */
// A CommonJS script on purpose: npm miio is CommonJS and runs in its own process.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const miio = require('miio');

const DEFAULT_TIMEOUT_S = 15;

function readSpec() {
  if (process.argv[2] !== undefined) return Promise.resolve(process.argv[2]);
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => (text += chunk));
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

class DeadlineError extends Error {}

function withDeadline(promise, timeoutMs, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what}: no settle within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function classify(err) {
  if (err instanceof DeadlineError) return { error_type: 'deadline', library_error: 'none', message: err.message };
  const code = err && err.code;
  // Device {error} replies become Error objects whose code is the device's number.
  if (typeof code === 'number') return { error_type: 'device_error', library_error: 'Error', code, message: err.message };
  const byCode = {
    'connection-failure': 'connection_failure',
    'missing-token': 'missing_token',
    timeout: String(err.message).includes('handshake') ? 'unreachable' : 'no_response',
  };
  return {
    error_type: byCode[code] || 'exception',
    library_error: code === undefined ? (err && err.name) || 'Error' : String(code),
    message: String((err && err.message) || err),
  };
}

function miotKey(item) {
  return item.did || `${item.siid}-${item.piid}`;
}

function runOp(device, op) {
  switch (op.kind) {
    case 'info':
      return device.call('miIO.info', []);
    case 'send':
      return device.call(op.method, op.params === undefined ? [] : op.params);
    case 'get_properties':
      // npm 0.15.6 has no MIoT helpers; a user sends the raw method.
      return device.call('get_properties', op.properties.map((p) => ({ did: miotKey(p), siid: p.siid, piid: p.piid })));
    case 'set_properties':
      return device.call('set_properties', op.properties.map((p) => ({ did: miotKey(p), siid: p.siid, piid: p.piid, value: p.value })));
    case 'action':
      return device.call('action', { did: `call-${op.siid}-${op.aiid}`, siid: op.siid, aiid: op.aiid, in: op.in || [] });
    case 'method': {
      const fn = device[op.method];
      if (typeof fn !== 'function') return Promise.reject(new Error(`device has no method ${op.method}`));
      return Promise.resolve(fn.apply(device, op.args || []));
    }
    default:
      return Promise.reject(new Error(`unknown op kind ${op.kind}`));
  }
}

async function main() {
  let spec;
  try {
    spec = JSON.parse(await readSpec());
    if (!Array.isArray(spec.ops) || typeof spec.host !== 'string') throw new Error('need host and ops');
  } catch (err) {
    console.log(JSON.stringify({ ok: false, error_type: 'bad_input', message: String(err.message) }));
    return 64;
  }
  const timeoutMs = Math.round((spec.timeout || DEFAULT_TIMEOUT_S) * 1000);
  const started = Date.now();
  let device;
  let connectFailure;
  try {
    device = await withDeadline(
      miio.device({ address: spec.host, port: spec.port, token: spec.token }),
      timeoutMs,
      'miio.device()',
    );
  } catch (err) {
    connectFailure = { ...classify(err), stage: 'connect' };
  }
  const meta = () =>
    device ? { did: device.handle.api.id.toString(16).padStart(8, '0'), model: device.miioModel, thing: device.constructor.type || null } : {};
  for (const op of spec.ops) {
    const opStarted = connectFailure ? started : Date.now();
    let out;
    if (connectFailure) {
      out = { ok: false, ...connectFailure };
    } else {
      try {
        const result = await withDeadline(runOp(device, op), timeoutMs, op.kind);
        out = { ok: true, result: result === undefined ? null : result };
      } catch (err) {
        out = { ok: false, ...classify(err), stage: 'op' };
      }
    }
    console.log(JSON.stringify({ ...out, ...meta(), elapsed_ms: Date.now() - opStarted }));
  }
  if (device) device.destroy();
  return 0;
}

// Always exit ourselves: npm miio keeps polling timers and retry timers alive.
main().then(
  (code) => process.exit(code),
  (err) => {
    console.log(JSON.stringify({ ok: false, error_type: 'exception', message: String(err && err.stack) }));
    process.exit(70);
  },
);
