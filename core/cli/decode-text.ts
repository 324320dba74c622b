/**
 * `homeward decode` (text): the log line, then ` :: ` and what cantools' `decode -s` would say (or
 * what Homeward says where cantools says nothing useful).
 */
import type { CandumpParseError } from '../can/errors.js';
import type { CanFrame } from '../can/frame.js';
import type { FrameClass } from '../dbc/classify-frame.js';
import { formatMessageText } from './format-signals.js';

function hexId(id: number): string {
  return `0x${id.toString(16)}`;
}

function withoutCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

export function formatBadLineText(text: string, error: CandumpParseError): string {
  return `${withoutCr(text)} :: ${error.name}: ${error.message}`;
}

export function formatFrameText(text: string, frame: CanFrame, classified: FrameClass): string {
  const line = withoutCr(text);
  switch (classified.kind) {
    case 'decoded':
      return `${line} :: ${formatMessageText(classified.compiled.message, classified.signals)}`;
    case 'decode_error':
      return `${line} :: ${classified.error.message}`;
    case 'unknown':
      return `${line} :: Unknown frame id ${frame.id} (${hexId(frame.id)})`;
    case 'error_frame':
      return `${line} :: Error frame (class ${hexId(frame.id)})`;
    case 'remote':
      return classified.compiled === undefined
        ? `${line} :: Remote frame, unknown frame id ${frame.id} (${hexId(frame.id)})`
        : `${line} :: Remote frame of ${classified.compiled.message.name}`;
  }
}
