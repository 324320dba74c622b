/** `web:` the HTTP and WebSocket server of the dashboard (browser kiosk mode). */
import { z } from 'zod';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host);
}

export const webSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** 127.0.0.1 by default; any other address needs pairing (see pairing_token). */
  host: z.union([z.ipv4(), z.ipv6(), z.literal('localhost')], { error: 'expected an IP address or localhost' }).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(8080),
  /** Clients on a non-loopback bind must present it; absent: generated at start and shown on the head unit. */
  pairing_token: z.string().min(16, 'a pairing token needs at least 16 characters').max(256).optional(),
  /** Commands per second per client. */
  rate_limit_per_s: z.number().positive().max(10_000).default(20),
});

export type WebConfig = z.output<typeof webSchema>;
