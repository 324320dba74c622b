import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { Subscription, timer, type SchedulerLike } from 'rxjs';
import type { DeviceFamily } from '../home/model.js';
import { buildHelloReply, decodePacket, encodePacket, HEADER_BYTES, isHelloRequest } from '../miio/packet.js';
import { MiioChecksumError } from '../miio/errors.js';
import { decodePayload, encodePayload, type PayloadStyle } from '../miio/payload.js';
import { revealTokenHex, type MiioToken } from '../miio/token.js';
import type { SimCallResult } from './behaviour.js';
import type { SimulatedDevice } from './device.js';
import { USER_ACK_TIMEOUT, deviceError } from './dispatch-context.js';

/** JSON-RPC's internal error: the answer when the simulated device itself fails on a request. */
const INTERNAL_ERROR = deviceError(-32603, 'internal error');
import { SimBindError } from './errors.js';
import { breakJson, faultKnobsSchema, type FaultKnobs, type FaultPatch } from './faults.js';
import { seededRandom } from '../base/seeded-random.js';

export interface DeviceServerOptions {
  readonly name: string;
  readonly address: string;
  /** 0 picks a free port (tests); real clients need 54321. */
  readonly port: number;
  readonly token: MiioToken;
  readonly json: PayloadStyle;
  /** python-miio 0.5.0.1 reads 1024 bytes; a longer reply is replaced by -9999. */
  readonly maxReplyBytes: number;
  readonly faults: FaultKnobs;
  readonly seed: number;
  readonly scheduler: SchedulerLike;
  /** Told about a failure that is no fault of the datagram (a behaviour bug): the one sink, never a crash. */
  readonly onUnexpectedError?: (error: unknown) => void;
}

export interface SimStats {
  /** Every datagram read, whatever became of it. */
  datagrams: number;
  hellos: number;
  requests: number;
  replies: number;
  droppedWrongToken: number;
  /** Unreadable datagrams, and verified requests without an integer id or a method name. */
  droppedMalformed: number;
  droppedRandom: number;
  droppedBusy: number;
  droppedRepeatedId: number;
  /** Repeats answered from the reply cache without re-applying the request. */
  cachedReplies: number;
  oversizeReplies: number;
  /** Requests the device failed on (answered -32603, reported to onUnexpectedError). */
  internalErrors: number;
}

export interface SimulatedDeviceHandle {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly did: number;
  /** Redacting token; `tokenHex` is for the CLI that must print it. */
  readonly token: MiioToken;
  readonly tokenHex: string;
  readonly model: string;
  readonly family: DeviceFamily;
  readonly device: SimulatedDevice;
  faults(): FaultKnobs;
  setFaults(patch: FaultPatch): void;
  /** Stamp restarts at 1, as after a power loss. */
  powerCycle(): void;
  stats(): SimStats;
  stop(): Promise<void>;
}

/** Remembered requests per device: enough for any client's retry window. */
const REMEMBERED_IDS = 128;

/** Binds one simulated device on UDP and speaks the miIO protocol with its fault knobs. */
export async function startDeviceServer(device: SimulatedDevice, opts: DeviceServerOptions): Promise<SimulatedDeviceHandle> {
  const socket = createSocket({ type: 'udp4', reuseAddr: false });
  await bind(socket, opts.address, opts.port);
  let faults = opts.faults;
  const random = seededRandom(opts.seed ^ 0x5eed);
  const pending = new Subscription();
  const stats: SimStats = {
    datagrams: 0, hellos: 0, requests: 0, replies: 0, droppedWrongToken: 0, droppedMalformed: 0, droppedRandom: 0,
    droppedBusy: 0, droppedRepeatedId: 0, cachedReplies: 0, oversizeReplies: 0, internalErrors: 0,
  };
  const seenIds = new Set<number>();
  const replyCache = new Map<string, SimCallResult>();
  let closed = false;

  const report = (error: unknown): void => {
    try {
      opts.onUnexpectedError?.(error);
    } catch {
      // A throwing sink must not take the socket down either.
    }
  };

  const send = (packet: Buffer, to: RemoteInfo): void => {
    const copies = 1 + faults.duplicateReplies;
    const emit = (): void => {
      if (closed) return;
      try {
        for (let i = 0; i < copies; i++) socket.send(packet, to.port, to.address);
        stats.replies += 1;
      } catch (error) {
        // Runs later on the scheduler for a delayed reply, outside the message handler's guard.
        stats.internalErrors += 1;
        report(error);
      }
    };
    if (faults.delayMs === 0) emit();
    else pending.add(timer(faults.delayMs, opts.scheduler).subscribe(emit));
  };

  const encodeReply = (id: number, body: SimCallResult): Buffer => {
    const build = (b: SimCallResult): Buffer => {
      const raw = encodePayload({ ...b, id }, { style: opts.json });
      const nul = raw[raw.length - 1] === 0;
      const text = breakJson(raw.toString('utf8', 0, nul ? raw.length - 1 : raw.length), faults.brokenJson);
      const payload = Buffer.concat([Buffer.from(text, 'utf8'), Buffer.alloc(nul ? 1 : 0)]);
      return encodePacket({ did: device.did, stamp: device.stamp(), token: opts.token, payload });
    };
    const packet = build(body);
    if (packet.length <= opts.maxReplyBytes) return packet;
    stats.oversizeReplies += 1;
    return build(USER_ACK_TIMEOUT);
  };

  const onRequest = (msg: Buffer, from: RemoteInfo): void => {
    let request: { id: number; method: string; params?: unknown };
    try {
      const packet = decodePacket(msg, opts.token);
      const json = decodePayload(packet.payload ?? Buffer.alloc(0)) as { id?: unknown; method?: unknown; params?: unknown };
      // python-miio's ids are integers (1…9999); anything else cannot be echoed back.
      if (typeof json !== 'object' || json === null || !Number.isSafeInteger(json.id) || typeof json.method !== 'string') {
        stats.droppedMalformed += 1;
        return;
      }
      request = { id: json.id as number, method: json.method, params: json.params };
    } catch (error) {
      // A real device never answers a packet it cannot verify; a wrong token looks like silence.
      // Anything else (MiioPacketError, MiioPayloadError, a RangeError from nesting) is malformed.
      if (error instanceof MiioChecksumError) stats.droppedWrongToken += 1;
      else stats.droppedMalformed += 1;
      return;
    }
    stats.requests += 1;
    if (faults.busy === 'silent') return void (stats.droppedBusy += 1);
    if (faults.dropRate > 0 && random() < faults.dropRate) return void (stats.droppedRandom += 1);
    const repeated = seenIds.has(request.id);
    remember(seenIds, request.id);
    if (repeated && faults.ignoreRepeatedIds) return void (stats.droppedRepeatedId += 1);
    // The same datagram again (same sender, id and content) gets the same answer, applied once.
    const key = `${from.address}:${from.port}#${request.id}#${JSON.stringify([request.method, request.params])}`;
    const cached = replyCache.get(key);
    if (cached) {
      stats.cachedReplies += 1;
      return send(encodeReply(request.id, cached), from);
    }
    if (faults.busy === 'error') return send(encodeReply(request.id, deviceError(-30001, 'resp invalid json')), from);
    if (faults.userAckTimeoutRate > 0 && random() < faults.userAckTimeoutRate) {
      return send(encodeReply(request.id, USER_ACK_TIMEOUT), from);
    }
    let body: SimCallResult;
    try {
      body = device.handle(request);
    } catch (error) {
      stats.internalErrors += 1;
      report(error);
      return send(encodeReply(request.id, INTERNAL_ERROR), from);
    }
    replyCache.set(key, body);
    if (replyCache.size > REMEMBERED_IDS) replyCache.delete(replyCache.keys().next().value as string);
    send(encodeReply(request.id, body), from);
  };

  // One datagram's failure never escapes the handler: the other devices and requests go on.
  socket.on('message', (msg, from) => {
    stats.datagrams += 1;
    try {
      if (isHelloRequest(msg)) {
        stats.hellos += 1;
        const token = faults.helloToken === 'reveal' ? opts.token : faults.helloToken;
        send(buildHelloReply({ did: device.did, stamp: device.stamp(), token }), from);
      } else if (msg.length > HEADER_BYTES) {
        onRequest(msg, from);
      } else {
        stats.droppedMalformed += 1;
      }
    } catch (error) {
      stats.internalErrors += 1;
      report(error);
    }
  });
  // A send to a vanished client port must not take the process down.
  socket.on('error', () => undefined);

  const port = socket.address().port;
  return {
    name: opts.name,
    address: opts.address,
    port,
    did: device.did,
    token: opts.token,
    tokenHex: revealTokenHex(opts.token),
    model: device.model,
    family: device.family,
    device,
    faults: () => faults,
    setFaults: (patch) => {
      faults = faultKnobsSchema.parse({ ...faults, ...patch });
    },
    powerCycle: () => {
      device.powerCycle();
      seenIds.clear();
      replyCache.clear();
    },
    stats: () => ({ ...stats }),
    stop: async () => {
      if (closed) return;
      closed = true;
      pending.unsubscribe();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

function remember(ids: Set<number>, id: number): void {
  ids.delete(id);
  ids.add(id);
  if (ids.size > REMEMBERED_IDS) ids.delete(ids.values().next().value as number);
}

function bind(socket: Socket, address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      socket.close();
      const hint = error.code === 'EADDRINUSE' ? 'address in use' : error.code === 'EADDRNOTAVAIL' ? 'not a local address' : error.message;
      reject(new SimBindError(address, port, hint, { cause: error }));
    };
    socket.once('error', onError);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', onError);
      resolve();
    });
  });
}
