import type { Readable } from 'node:stream';

/** A packet as mqtt.js hands it to a store: plain data (Buffers inside), keyed by `messageId`. */
export interface MqttStorePacket {
  readonly cmd?: string;
  readonly messageId?: number;
  readonly [key: string]: unknown;
}

export type StoreDone = (error?: Error | null) => void;
export type StorePacketDone = (error?: Error | null, packet?: MqttStorePacket) => void;

/**
 * mqtt.js's `Store` interface (`incomingStore`/`outgoingStore`) as plain structure, so core/mqtt
 * needs no store implementation and core/store no mqtt import. `put` replaces a same-`messageId`
 * entry; `createStream` yields the packets in first-`put` order (object mode, destroyable).
 */
export interface MqttStoreLike {
  put(packet: MqttStorePacket, cb: StoreDone): unknown;
  get(packet: { readonly messageId?: number }, cb: StorePacketDone): unknown;
  del(packet: { readonly messageId?: number }, cb: StorePacketDone): unknown;
  createStream(): Readable;
  close(cb: StoreDone): void;
  /** Ids waiting in the store (a persistent outgoing store): the bridge never gives them to new packets. */
  messageIds?(): readonly number[];
}
