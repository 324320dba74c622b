import { z } from 'zod';

/** Firmware JSON quirks seen in the wild (protocol reference §6): what the reply text gets. */
export const BROKEN_JSON = ['none', 'double-comma', 'empty-items', 'leading-zero', 'nul-garbage'] as const;

/**
 * Fault knobs of one device, settable in the config and at runtime (`handle.setFaults`).
 * Rates are shares of requests, drawn from the device's seeded RNG, so a run is reproducible.
 */
export const faultKnobsSchema = z.strictObject({
  /** Share of requests dropped without a reply (hellos are always answered). */
  dropRate: z.number().min(0).max(1).default(0),
  /** Delay before each reply, on the scheduler. */
  delayMs: z.number().int().min(0).max(600_000).default(0),
  /** Share of requests answered -9999 "user ack timeout" without being applied. */
  userAckTimeoutRate: z.number().min(0).max(1).default(0),
  /** Drop any request whose id the device has seen before (vacuum "look like a repeated msg"). */
  ignoreRepeatedIds: z.boolean().default(false),
  /** Extra copies of every reply. */
  duplicateReplies: z.number().int().min(0).max(10).default(0),
  brokenJson: z.enum(BROKEN_JSON).default('none'),
  /** 'error': every request gets -30001 "resp invalid json"; 'silent': no reply at all. */
  busy: z.enum(['off', 'error', 'silent']).default('off'),
  /** The 16 bytes of the hello reply: the token (unprovisioned/old firmware), ff×16 or 00×16. */
  helloToken: z.enum(['reveal', 'ff', '00']).default('ff'),
});

export type FaultKnobs = z.infer<typeof faultKnobsSchema>;
export type FaultPatch = Partial<FaultKnobs>;

export const NO_FAULTS: FaultKnobs = faultKnobsSchema.parse({});

/** Applies a firmware quirk to a reply's JSON text (before any trailing NUL). */
export function breakJson(text: string, quirk: FaultKnobs['brokenJson']): string {
  switch (quirk) {
    case 'double-comma':
      // Only before an object key (`,,"otu_stat":`): a doubled comma inside an array reads as an empty item.
      return text.replace(/,(\s*"[^"\\]*"\s*:)/, ',,$1');
    case 'empty-items':
      return text.replace(/([[,]\s*)null(?=\s*[,\]])/g, '$1');
    case 'leading-zero':
      return text.replace(/("value":\s*|"result":\s*\[)(\d)/g, '$10$2');
    case 'nul-garbage':
      return `${text}\u0000"ott_stat":[0,0`;
    default:
      return text;
  }
}
