import { Readable } from 'node:stream';
import { deserialize, serialize } from 'node:v8';
import type { Database, Statement } from 'better-sqlite3';

/** A packet as mqtt.js stores it (structurally core/mqtt's MqttStorePacket; store/ may not import mqtt/). */
export interface OutboxPacket {
  readonly messageId?: number;
  readonly [key: string]: unknown;
}
type Done = (error?: Error | null) => void;
type PacketDone = (error?: Error | null, packet?: OutboxPacket) => void;

/** Rows read per page while mqtt.js streams the store after a reconnect. */
const PAGE_ROWS = 64;

type Op = { kind: 'put'; id: number; blob: Buffer; cb: Done } | { kind: 'del'; id: number; cb: PacketDone };

/**
 * mqtt.js's Store interface (put/get/del/createStream/close) over the `mqtt_outbox` table, so QoS 1/2
 * packets survive a broker outage and a restart of Homeward. `put` replaces a same-id packet but
 * keeps its row id, and the stream pages in row-id order, so packets go out in first-put order. The
 * packet is v8-serialised (Buffers and MQTT 5 properties round-trip exactly). `close` leaves the rows:
 * the HomewardStore owns the database.
 *
 * Group commit: puts and dels queued in one turn of the event loop share one transaction (with
 * synchronous=FULL a commit is an fsync), and each callback runs after its commit, so mqtt.js never
 * writes a packet to the socket before it is in the file. Reads commit the queue first.
 */
export class MqttOutboxStore {
  private readonly putRow: Statement<[string, number, Buffer]>;
  private readonly getRow: Statement<[string, number]>;
  private readonly delRow: Statement<[string, number]>;
  private readonly pageRows: Statement<[string, number, number, number]>;
  private readonly maxRow: Statement<[string]>;
  private readonly idRows: Statement<[string]>;
  private pending: Op[] = [];
  private scheduled = false;
  private commitCount = 0;

  constructor(private readonly database: Database, readonly name: string) {
    this.putRow = database.prepare(
      'INSERT INTO mqtt_outbox (store, message_id, packet) VALUES (?, ?, ?) ON CONFLICT (store, message_id) DO UPDATE SET packet = excluded.packet',
    );
    this.getRow = database.prepare('SELECT packet FROM mqtt_outbox WHERE store = ? AND message_id = ?');
    this.delRow = database.prepare('DELETE FROM mqtt_outbox WHERE store = ? AND message_id = ? RETURNING packet');
    this.pageRows = database.prepare('SELECT id, packet FROM mqtt_outbox WHERE store = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?');
    this.maxRow = database.prepare('SELECT max(id) AS id FROM mqtt_outbox WHERE store = ?');
    this.idRows = database.prepare('SELECT message_id FROM mqtt_outbox WHERE store = ?').pluck();
  }

  /** Transactions committed (each one fsync with synchronous=FULL). */
  get commits(): number {
    return this.commitCount;
  }

  put(packet: OutboxPacket, cb: Done): this {
    let id: number;
    let blob: Buffer;
    try {
      id = idOf(packet);
      blob = serialize(packet);
    } catch (error) {
      cb(asError(error));
      return this;
    }
    this.enqueue({ kind: 'put', id, blob, cb });
    return this;
  }

  get(packet: { readonly messageId?: number }, cb: PacketDone): this {
    this.commit();
    let found: OutboxPacket | undefined;
    try {
      const row = this.getRow.get(this.name, idOf(packet)) as { packet: Buffer } | undefined;
      found = row === undefined ? undefined : (deserialize(row.packet) as OutboxPacket);
    } catch (error) {
      cb(asError(error));
      return this;
    }
    if (found === undefined) cb(new Error('missing packet'));
    else cb(null, found);
    return this;
  }

  /** Removes the packet and hands it back (mqtt.js calls this on PUBACK / PUBCOMP). */
  del(packet: { readonly messageId?: number }, cb: PacketDone): this {
    let id: number;
    try {
      id = idOf(packet);
    } catch (error) {
      cb(asError(error));
      return this;
    }
    this.enqueue({ kind: 'del', id, cb });
    return this;
  }

  /** The packets stored when called, oldest first (later puts wait for the next stream, as in mqtt.js). */
  createStream(): Readable {
    this.commit();
    const { pageRows, name } = this;
    let lastRow = 0;
    try {
      lastRow = (this.maxRow.get(name) as { id: number | null }).id ?? 0;
    } catch (error) {
      return new Readable({ objectMode: true, read() { this.destroy(asError(error)); } });
    }
    let cursor = 0;
    const stream = new Readable({
      objectMode: true,
      read() {
        let rows: { id: number; packet: Buffer }[];
        try {
          rows = pageRows.all(name, cursor, lastRow, PAGE_ROWS) as { id: number; packet: Buffer }[];
        } catch (error) {
          stream.destroy(asError(error));
          return;
        }
        if (rows.length === 0) {
          stream.push(null);
          return;
        }
        for (const row of rows) {
          cursor = row.id;
          stream.push(deserialize(row.packet));
        }
      },
    });
    return stream;
  }

  /** Message ids waiting here: a new packet must not reuse one (it would replace it). */
  messageIds(): number[] {
    this.commit();
    return this.idRows.all(this.name) as number[];
  }

  /** mqtt.js closes its stores at end(); the rows stay for the next connection or run. */
  close(cb: Done): void {
    this.commit();
    cb();
  }

  private enqueue(op: Op): void {
    this.pending.push(op);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.commit());
  }

  /** Runs the queued puts and dels in one transaction, then their callbacks in order. */
  private commit(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const ops = this.pending;
    this.pending = [];
    const removed: (OutboxPacket | undefined)[] = [];
    let failure: Error | null = null;
    try {
      this.database.transaction(() => {
        ops.forEach((op, i) => {
          if (op.kind === 'put') {
            this.putRow.run(this.name, op.id, op.blob);
          } else {
            const row = this.delRow.get(this.name, op.id) as { packet: Buffer } | undefined;
            removed[i] = row === undefined ? undefined : (deserialize(row.packet) as OutboxPacket);
          }
        });
      })();
      this.commitCount += 1;
    } catch (error) {
      failure = asError(error);
    }
    ops.forEach((op, i) => {
      if (failure !== null) op.cb(failure);
      else if (op.kind === 'put') op.cb();
      else if (removed[i] === undefined) op.cb(new Error('missing packet'));
      else op.cb(null, removed[i]);
    });
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function idOf(packet: { readonly messageId?: number }): number {
  const id = packet.messageId;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > 65535) throw new Error(`packet without a valid messageId (${String(id)})`);
  return id;
}

/** mqtt.js's incomingStore or outgoingStore over HomewardStore's database (`store.database`). */
export function createMqttOutboxStore(store: { readonly database: Database }, name: 'incoming' | 'outgoing'): MqttOutboxStore {
  return new MqttOutboxStore(store.database, name);
}
