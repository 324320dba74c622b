import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { StoreError } from './errors.js';
import { openSecret, sealSecret } from './secret-box.js';

const TOKEN_HEX = /^[0-9a-fA-F]{32}$/;

/**
 * miIO tokens at rest: AES-256-GCM boxes in `secrets`, named `miio-token:<device id>`, with the name
 * in the AAD so a box moved to another device does not open. The key is fetched only when a token is
 * first saved or loaded (the CLI's queries never create a key file). Errors name the device, never the token.
 */
export class DeviceTokens {
  private readonly put: Statement;
  private readonly get: Statement;
  private key: Buffer | undefined;
  /** SHA-256 of each device's stored token, so a poll passing the same token writes nothing. */
  private readonly saved = new Map<string, string>();

  constructor(
    db: Database,
    private readonly path: string,
    private readonly loadKey: () => Buffer,
  ) {
    this.put = db.prepare('INSERT INTO secrets (name, box) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET box = excluded.box');
    this.get = db.prepare('SELECT box FROM secrets WHERE name = ?');
  }

  save(deviceId: string, token: string | Buffer): void {
    const bytes = tokenToBytes(token);
    if (bytes === undefined) throw new StoreError('value', this.path, `token for device ${deviceId} is not 32 hex digits (or 16 bytes)`);
    const name = secretName(deviceId);
    try {
      const digest = createHash('sha256').update(bytes).digest('hex');
      if (this.saved.get(deviceId) === digest) return;
      this.put.run(name, sealSecret(this.keyBytes(), bytes, aad(name)));
      this.saved.set(deviceId, digest);
    } finally {
      bytes.fill(0);
    }
  }

  load(deviceId: string): string | undefined {
    const name = secretName(deviceId);
    const row = this.get.get(name) as { box: Buffer } | undefined;
    if (row === undefined) return undefined;
    const bytes = openSecret(this.keyBytes(), row.box, aad(name));
    if (bytes === undefined) throw new StoreError('secret', this.path, `the stored token for device ${deviceId} does not open with this key (another key, or damaged)`);
    this.saved.set(deviceId, createHash('sha256').update(bytes).digest('hex'));
    return bytes.toString('hex');
  }

  private keyBytes(): Buffer {
    this.key ??= this.loadKey();
    return this.key;
  }
}

function secretName(deviceId: string): string {
  return `miio-token:${deviceId}`;
}

function aad(name: string): string {
  return `homeward:${name}:v1`;
}

function tokenToBytes(token: string | Buffer): Buffer | undefined {
  if (Buffer.isBuffer(token)) return token.length === 16 ? Buffer.from(token) : undefined;
  if (typeof token !== 'string') return undefined;
  const text = token.trim();
  return TOKEN_HEX.test(text) ? Buffer.from(text, 'hex') : undefined;
}
