/**
 * `mqtt:` the bridge to Home Assistant. Without `url` the runtime starts an embedded broker (aedes)
 * on 127.0.0.1, which speaks MQTT 3.1.1 only; with `url` it connects to that broker.
 */
import { z } from 'zod';
import { filePathSchema, type SchemaContext } from './schema-context.js';

const BROKER_URL = /^(mqtts?|wss?|tcp|ssl):\/\/[^\s/]+(\/\S*)?$/;
/** A topic prefix: levels without wildcards, no leading or trailing slash. */
const TOPIC_PREFIX = /^[^#+/\s\0]+(\/[^#+/\s\0]+)*$/;

const topicPrefix = (what: string) => z.string().regex(TOPIC_PREFIX, `expected a ${what} without wildcards (+, #) or leading/trailing '/'`);

export function mqttSchema(ctx: SchemaContext) {
  const file = filePathSchema(ctx);
  return z
    .strictObject({
      enabled: z.boolean().default(true),
      /** mqtt://, mqtts://, ws:// or wss:// (tcp:// and ssl:// as mqtt.js reads them). Absent: embedded broker. */
      url: z.string().regex(BROKER_URL, 'expected a broker URL such as mqtt://192.168.1.10:1883 or mqtts://broker:8883').optional(),
      username: z.string().min(1).optional(),
      password: z.string().optional(),
      /** Fixed so the broker keeps the session (QoS 1 store-and-forward); default: derived by the bridge. */
      client_id: z.string().min(1).max(256).optional(),
      /** 4 = MQTT 3.1.1, 5 = MQTT 5. */
      protocol_version: z.union([z.literal(4), z.literal(5)], { error: 'expected 4 (MQTT 3.1.1) or 5 (MQTT 5)' }).default(4),
      base_topic: topicPrefix('topic prefix').default('homeward'),
      discovery_prefix: topicPrefix('topic prefix').default('homeassistant'),
      /** Publish Home Assistant MQTT discovery. */
      discovery: z.boolean().default(true),
      /** Home Assistant's birth/will topic: discovery is re-sent when `online` arrives. */
      birth_topic: z.string().regex(/^[^#+\s\0]+$/, 'expected a topic without wildcards').default('homeassistant/status'),
      tls: z
        .strictObject({
          ca: file.optional(),
          cert: file.optional(),
          key: file.optional(),
          reject_unauthorized: z.boolean().default(true),
        })
        .optional(),
      embedded: z.strictObject({ port: z.number().int().min(0).max(65_535).default(1883) }).optional(),
    })
    .superRefine((mqtt, check) => {
      if (mqtt.url === undefined) {
        if (mqtt.protocol_version === 5) check.addIssue({ code: 'custom', path: ['protocol_version'], message: 'the embedded broker (aedes) speaks MQTT 3.1.1 only: use 4, or set url to a broker that speaks 5' });
        if (mqtt.tls) check.addIssue({ code: 'custom', path: ['tls'], message: 'tls applies to an external broker: set url (mqtts://…)' });
        if (mqtt.username !== undefined || mqtt.password !== undefined) {
          check.addIssue({ code: 'custom', path: [mqtt.username !== undefined ? 'username' : 'password'], message: 'the embedded broker generates its own credentials: set url to use these' });
        }
      } else if (mqtt.embedded) {
        check.addIssue({ code: 'custom', path: ['embedded'], message: 'embedded applies only without url' });
      }
      if (mqtt.tls && (mqtt.tls.cert === undefined) !== (mqtt.tls.key === undefined)) {
        check.addIssue({ code: 'custom', path: ['tls', mqtt.tls.cert === undefined ? 'cert' : 'key'], message: 'a client certificate needs both cert and key' });
      }
    })
    .transform(({ embedded, ...mqtt }) => ({ ...mqtt, embedded: { port: embedded?.port ?? 1883 } }));
}

export type MqttConfig = z.output<ReturnType<typeof mqttSchema>>;
