import { HomewardError } from '../base/errors.js';

/** Bridge or broker options that cannot work (a bad URL, a topic with wildcards). Thrown at start. */
export class MqttOptionsError extends HomewardError {
  constructor(option: string, reason: string) {
    super('mqtt.options', `mqtt option '${option}': ${reason}`);
  }
}

/** A command that was not carried out; `code` and `message` are what the reply topic gets. */
export class MqttCommandError extends HomewardError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** The embedded broker could not start (port in use, unreadable credentials file). */
export class MqttBrokerError extends HomewardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('mqtt.broker', message, options);
  }
}

/** The broker cannot be reached (reported once an outage; the bridge keeps retrying with back-off). */
export class MqttUnreachableError extends HomewardError {
  constructor(url: string, options?: { cause?: unknown }) {
    const why = options?.cause instanceof Error ? options.cause.message : String(options?.cause ?? 'no answer');
    super('mqtt.unreachable', `MQTT broker ${url} unreachable (${why}); retrying with back-off, QoS 1 messages wait in the outgoing store`, options);
  }
}
