// `homeward miio discover | info | call`: one request to a Mi Home device, the result as JSON on stdout.
import { isIPv4 } from 'node:net';
import { HomewardError } from '../base/errors.js';
import { createMiioClient } from '../miio/client.js';
import { DatagramPortError } from '../miio/datagram-port.js';
import { discover } from '../miio/discovery.js';
import {
  MiioDeviceError, MiioTimeoutError, MiioTokenError, MiioTokenFormatError, MiioUnreachableError,
} from '../miio/errors.js';
import { parseToken, revealTokenHex, type MiioToken } from '../miio/token.js';
import type { CliIo } from './io.js';
import { integerFlag, parseFlags, type ParsedFlags } from './parse-flags.js';
import { UsageError } from './usage-error.js';

/** Exit codes of `homeward miio` (64 is the shared EXIT.usage). */
export const MIIO_EXIT = { ok: 0, deviceError: 2, noReply: 3, usage: 64 } as const;

const DEFAULT_PORT = 54321;

export const MIIO_USAGE = `usage:
  homeward miio discover [--address A] [--port P] [--timeout MS]
  homeward miio info --host H --token T [--port P] [--timeout MS] [--retries N]
  homeward miio call --host H --token T [--port P] [--timeout MS] [--retries N] METHOD [PARAMS_JSON]

discover  sends the hello to A (default 255.255.255.255) and lists who answers within MS (default 3000)
info      miIO.info of one device
call      any method, e.g.  call --host 192.168.1.20 --token … get_prop '["power","mode"]'
          (PARAMS_JSON defaults to []; MIoT: get_properties '[{"did":"p","siid":2,"piid":1}]')

--timeout  discover: listening window; info/call: wait per attempt (default 2000)
--retries  info/call: attempts after a timeout, each after a fresh hello (default 2)

exit codes: 0 ok, 2 the device answered with an error ({code, message} on stderr),
            3 no reply (unreachable, or the token is most likely wrong), 64 bad arguments
`;

export async function miioCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'discover':
      return discoverCommand(rest, io);
    case 'info':
      return callCommand(rest, io, 'info');
    case 'call':
      return callCommand(rest, io, 'call');
    case undefined:
      io.err(MIIO_USAGE);
      return MIIO_EXIT.usage;
    case '--help':
    case '-h':
    case 'help':
      io.out(MIIO_USAGE);
      return MIIO_EXIT.ok;
    default:
      throw new UsageError(`unknown subcommand${looksSecret(sub) ? '' : ` '${sub}'`}: expected discover, info or call (see 'homeward miio --help')`);
  }
}

async function discoverCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, { values: ['address', 'port', 'timeout'] });
  if (flags.switches.has('help')) return help(io);
  if (flags.positionals.length > 0) throw new UsageError('discover takes no arguments besides its options');
  const address = flags.values.get('address') ?? '255.255.255.255';
  if (!isIPv4(address)) throw new UsageError('--address must be an IPv4 address');
  const port = integerFlag(flags, 'port', DEFAULT_PORT, 1, 65535);
  const windowMs = integerFlag(flags, 'timeout', 3000, 1, 600_000);
  let found;
  try {
    found = await discover({ address, port, windowMs });
  } catch (error) {
    return reportFailure(error, io, `${address}:${port}`);
  }
  found.sort((a, b) => compareAddresses(a.address, b.address) || a.port - b.port);
  // A token a hello revealed is printed: that is what discovery is for on unprovisioned devices.
  const shown = found.map(({ token, ...device }) => ({ ...device, ...(token ? { token: revealTokenHex(token) } : {}) }));
  io.out(`${JSON.stringify(shown, null, 2)}\n`);
  if (found.length > 0) return MIIO_EXIT.ok;
  io.err(`homeward miio: no device answered the hello sent to ${address}:${port} within ${windowMs} ms\n`);
  return MIIO_EXIT.noReply;
}

async function callCommand(args: string[], io: CliIo, kind: 'info' | 'call'): Promise<number> {
  const flags = parseFlags(args, { values: ['host', 'port', 'token', 'timeout', 'retries'] });
  if (flags.switches.has('help')) return help(io);
  const { method, params } = kind === 'info' ? infoRequest(flags) : callRequest(flags);
  const host = flags.values.get('host');
  if (host === undefined) throw new UsageError(`${kind} needs --host (see 'homeward miio --help')`);
  if (!isIPv4(host)) throw new UsageError('--host must be an IPv4 address (replies are matched by address)');
  const port = integerFlag(flags, 'port', DEFAULT_PORT, 1, 65535);
  const timeoutMs = integerFlag(flags, 'timeout', 2000, 1, 600_000);
  const retries = integerFlag(flags, 'retries', 2, 0, 10);
  const token = tokenFlag(flags);
  const client = createMiioClient({ address: host, port, token, timeoutMs, retries });
  try {
    // The client's own worst case: its verdict (unreachable, wrong token) comes before a bare timeout.
    const result = await client.send(method, params, { deadlineMs: client.worstCaseMs() });
    io.out(`${JSON.stringify(result, null, 2)}\n`);
    return MIIO_EXIT.ok;
  } catch (error) {
    return reportFailure(error, io, `${host}:${port}`);
  } finally {
    await client.close();
  }
}

function infoRequest(flags: ParsedFlags): { method: string; params: unknown } {
  if (flags.positionals.length > 0) throw new UsageError('info takes no arguments besides its options');
  return { method: 'miIO.info', params: [] };
}

function callRequest(flags: ParsedFlags): { method: string; params: unknown } {
  const [method, paramsJson, ...extra] = flags.positionals;
  if (method === undefined || method === '') throw new UsageError("call needs a METHOD (see 'homeward miio --help')");
  if (extra.length > 0) throw new UsageError(`call takes METHOD and at most one PARAMS_JSON, got ${extra.length} more argument(s)`);
  if (looksSecret(method)) throw new UsageError('METHOD looks like a token; did you forget --token?');
  if (paramsJson === undefined) return { method, params: [] };
  try {
    return { method, params: JSON.parse(paramsJson) as unknown };
  } catch (error) {
    // The parser's message says where (position N); the text itself is not echoed.
    throw new UsageError(`PARAMS_JSON is not valid JSON: ${(error as Error).message.replace(/"[^"]*"/g, '…')}`);
  }
}

function tokenFlag(flags: ParsedFlags): MiioToken {
  const text = flags.values.get('token');
  if (text === undefined) throw new UsageError("needs --token (32 hex characters; see 'homeward miio --help')");
  try {
    return parseToken(text);
  } catch (error) {
    if (error instanceof MiioTokenFormatError) throw new UsageError(`--token: ${error.message}`);
    throw error;
  }
}

/** Maps a failed request onto exit 2 (device said no) or 3 (no reply) and says which. Never the token. */
function reportFailure(error: unknown, io: CliIo, where: string): number {
  if (error instanceof MiioDeviceError) {
    io.err(`${JSON.stringify({ code: error.deviceCode, message: error.deviceMessage })}\n`);
    return MIIO_EXIT.deviceError;
  }
  const verdict =
    error instanceof MiioUnreachableError ? 'unreachable'
      : error instanceof MiioTokenError ? 'no reply'
        : error instanceof MiioTimeoutError ? 'no reply in time'
          : error instanceof DatagramPortError ? 'transport error'
            : undefined;
  if (verdict === undefined) {
    if (error instanceof HomewardError && error.code.startsWith('miio.')) {
      io.err(`homeward miio: ${where}: ${error.message}\n`);
      return MIIO_EXIT.noReply;
    }
    throw error;
  }
  io.err(`homeward miio: ${verdict}: ${(error as Error).message}\n`);
  return MIIO_EXIT.noReply;
}

function help(io: CliIo): number {
  io.out(MIIO_USAGE);
  return MIIO_EXIT.ok;
}

/** 32 hex characters anywhere they do not belong are treated as a token and not echoed. */
function looksSecret(text: string): boolean {
  return /^[0-9a-f]{32}$/i.test(text.trim());
}

function compareAddresses(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
