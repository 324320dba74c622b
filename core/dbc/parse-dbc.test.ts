import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { decodeDbcBytes } from './cp1252.js';
import { DbcParseError } from './errors.js';
import type { Database, Message } from './model.js';
import { parseDbc } from './parse-dbc.js';

// Core tests may not import test/helpers (layer rule, core tsconfig): same rule as test/helpers/corpus.ts.
const corpusDir = process.env.HOMEWARD_CORPUS ?? fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const NAMES = ['foobar', 'motohawk', 'multiplex_2', 'signed', 'tesla_can'] as const;
const readDbc = (name: string): string => decodeDbcBytes(readFileSync(path.join(corpusDir, 'can/dbc', `${name}.dbc`)));
const byName = (db: Database, name: string): Message => {
  const message = db.messages.find((m) => m.name === name);
  if (!message) throw new Error(`no message ${name}`);
  return message;
};

describe('parseDbc: the corpus, strict', () => {
  const counts: Record<string, [number, number]> = {
    foobar: [5, 8], motohawk: [1, 3], multiplex_2: [4, 19], signed: [11, 18], tesla_can: [44, 572],
  };
  for (const name of NAMES) {
    it(`parses ${name}.dbc without warnings (messages, signals)`, () => {
      const db = parseDbc(readDbc(name), { file: `${name}.dbc` });
      const signals = db.messages.reduce((sum, message) => sum + message.signals.length, 0);
      expect([db.messages.length, signals]).toEqual(counts[name]);
      expect(db.warnings).toEqual([]);
    });

    it(`finds every message cantools decoded from ${name}.log, by (id, extended), with its signals`, () => {
      const db = parseDbc(readDbc(name));
      const expected = JSON.parse(readFileSync(path.join(corpusDir, 'can/out', `${name}.expected.json`), 'utf8')) as {
        frames: Array<{ id: number; extended: boolean; message: string | null; error_frame?: boolean; signals?: Record<string, unknown> | null }>;
      };
      let checked = 0;
      for (const frame of expected.frames) {
        if (frame.message === null || frame.error_frame) continue;
        const message = db.messages.find((m) => m.frameId === frame.id && m.isExtendedFrame === frame.extended);
        expect(message?.name).toBe(frame.message);
        const names = new Set(message?.signals.map((signal) => signal.name));
        for (const signal of Object.keys(frame.signals ?? {})) expect(names.has(signal)).toBe(true);
        checked++;
      }
      expect(checked).toBeGreaterThan(100);
    });
  }

  it('tesla: DI_torque2.DI_vehicleSpeed and DI_gear as the DBC writes them', () => {
    const message = byName(parseDbc(readDbc('tesla_can')), 'DI_torque2');
    expect(message).toMatchObject({ frameId: 280, isExtendedFrame: false, isFd: false, length: 6, senders: ['DI'], cycleTime: null, line: 172 });
    const speed = message.signals.find((s) => s.name === 'DI_vehicleSpeed');
    expect(speed).toMatchObject({
      startBit: 16, length: 12, byteOrder: 'little_endian', isSigned: false, isFloat: false, scale: 0.05, offset: -25,
      conversion: 'linear', minimum: -25, maximum: 179.75, unit: 'MPH', receivers: ['NEO'], line: 176,
    });
    expect(speed?.choices).toEqual(new Map([[4095, 'SNA']]));
    const gear = message.signals.find((s) => s.name === 'DI_gear');
    expect(gear?.choices?.get(4)).toBe('DI_GEAR_D');
    expect(gear?.choices?.size).toBe(6);
  });

  it('tesla: simple multiplexed messages', () => {
    const db = parseDbc(readDbc('tesla_can'));
    const control = byName(db, 'UI_autopilotControl');
    expect(control.signals.find((s) => s.name === 'UI_autopilotControlIndex')).toMatchObject({
      isMultiplexer: true, multiplexerIds: null, multiplexerSignal: null, receivers: ['APP', 'APS'],
    });
    expect(control.signals.find((s) => s.name === 'UI_camBlockBlurThreshold')).toMatchObject({
      multiplexerIds: [1], multiplexerSignal: 'UI_autopilotControlIndex', scale: 0.01587, unit: '%',
    });
    const sign = byName(db, 'UI_driverAssistRoadSign');
    expect(sign.signals.find((s) => s.name === 'UI_splineID')).toMatchObject({ multiplexerIds: null, multiplexerSignal: null, receivers: [] });
    expect(sign.signals.find((s) => s.name === 'UI_trafficLightStopLineDist')).toMatchObject({
      multiplexerIds: [2], multiplexerSignal: 'UI_roadSign', scale: 0.25, offset: -8, conversion: 'linear',
    });
  });

  it('motohawk: the canonical Motorola message', () => {
    const db = parseDbc(readDbc('motohawk'));
    expect(db.version).toBe('1.0');
    expect(db.nodes.map((node) => node.name)).toEqual(['PCM1', 'FOO']);
    const [message] = db.messages;
    expect(message).toMatchObject({
      frameId: 0x1f0, name: 'ExampleMessage', length: 8, senders: ['PCM1'], cycleTime: null, sendType: null,
      comment: 'Example message used as template in MotoHawk models.',
    });
    expect(message.signals[0]).toMatchObject({
      name: 'Temperature', startBit: 0, length: 12, byteOrder: 'big_endian', isSigned: true, scale: 0.01, offset: 250,
      conversion: 'linear', minimum: 229.52, maximum: 270.47, unit: 'degK', receivers: ['PCM1', 'FOO'],
    });
    expect(message.signals[2]).toMatchObject({ name: 'Enable', unit: '-', minimum: null, maximum: null, conversion: 'identity' });
    expect(message.signals[2].choices).toEqual(new Map([[0, 'Disabled'], [1, 'Enabled']]));
  });

  it('multiplex_2: extended multiplexing ids, J1939 and float signals', () => {
    const db = parseDbc(readDbc('multiplex_2'));
    const ids = (name: string): Record<string, unknown> =>
      Object.fromEntries(byName(db, name).signals.map((s) => [s.name, [s.multiplexerSignal, s.multiplexerIds, s.isMultiplexer]]));
    expect(ids('Shared')).toEqual({ S2: ['S0', [2, 3, 4, 5], false], S1: ['S0', [1, 3], false], S0: [null, null, true] });
    expect(ids('Extended')).toEqual({
      S8: ['S6', [2], false], S7: ['S6', [1], false], S6: [null, null, true], S5: ['S0', [1], false],
      S4: ['S1', [2], false], S3: ['S1', [0], false], S2: ['S1', [0], false], S1: ['S0', [0], true], S0: [null, null, true],
    });
    expect(ids('ExtendedTypes')).toEqual({ S9: ['S11', [5], false], S10: ['S0', [0], false], S0: ['S11', [3], true], S11: [null, null, true] });
    const types = byName(db, 'ExtendedTypes');
    expect(types).toMatchObject({ frameId: 0xc03fefe, isExtendedFrame: true, protocol: 'j1939', sendType: 'noMsgSendType', cycleTime: null });
    expect(types.signals.map((s) => s.isFloat)).toEqual([true, true, false, false]);
    expect(types.signals[3]).toMatchObject({ rawInitial: 2, minimum: 2, maximum: 6 });
    expect(types.signals[1]).toMatchObject({ minimum: -3.4e38, maximum: 3.4e38 });
  });

  it('foobar: extended ids, CAN FD, floats, cycle times, senders and attributes', () => {
    const db = parseDbc(readDbc('foobar'));
    expect(db.messages.map((m) => [m.name, m.frameId, m.isExtendedFrame, m.isFd, m.length, m.cycleTime])).toEqual([
      ['Foo', 0x12330, true, false, 8, 100], ['Fum', 0x12331, true, false, 5, 1], ['Bar', 0x12332, true, false, 4, 100],
      ['CanFd', 0x12333, true, true, 64, 100], ['FOOBAR', 780, false, false, 8, 100],
    ]);
    expect(byName(db, 'Bar').senders).toEqual(['FOO', 'BAR']);
    expect(byName(db, 'Foo').signals[1]).toMatchObject({ name: 'Bar', isFloat: true, byteOrder: 'big_endian', comment: 'Bar.' });
    expect(byName(db, 'Bar').signals[0]).toMatchObject({ name: 'Binary32', isFloat: true, byteOrder: 'little_endian' });
    expect(byName(db, 'CanFd').signals[1]).toMatchObject({ name: 'Fas', startBit: 64, length: 64, receivers: [] });
    expect(db.nodes.find((node) => node.name === 'BAR')?.comment).toBe('fam "1"');
    expect(db.nodes.find((node) => node.name === 'FIE')?.attributes).toEqual({ BAR: 'FUM', FOO: 1 });
    expect(db.attributes).toEqual({ DBName: 'TheBusName', Baudrate: 125000, AFloat: 33.5, BusType: 'CAN FD' });
    expect(db.valueTables.State).toEqual(new Map([[1, 'Enabled'], [0, 'Disabled']]));
    expect(db.attributeDefinitions.find((d) => d.name === 'VFrameFormat')).toMatchObject({ kind: 'BO_', type: 'ENUM', defaultValue: 'ExtendedCAN_FD' });
    expect(byName(db, 'CanFd').attributes).toEqual({ VFrameFormat: 'ExtendedCAN_FD' });
  });
});

describe('parseDbc: text forms', () => {
  it('reads CRLF and LF alike', () => {
    const lf = readDbc('tesla_can');
    expect(lf.includes('\r')).toBe(false);
    expect(parseDbc(lf.replaceAll('\n', '\r\n'))).toEqual(parseDbc(lf));
  });

  it('strict rejects a UTF-8 byte order mark; lenient reads past it with a warning', () => {
    const text = '\uFEFFVERSION "1"\n';
    expect(() => parseDbc(text)).toThrow(/1:1: unexpected character/);
    const db = parseDbc(text, { strict: false });
    expect(db.version).toBe('1');
    expect(db.warnings.map((w) => [w.line, w.column])).toEqual([[1, 2]]);
  });
});

describe('parseDbc: garbage only ever raises DbcParseError', () => {
  const onlyParseErrors = (text: string, strict: boolean): void => {
    try {
      parseDbc(text, { strict });
    } catch (error) {
      if (!(error instanceof DbcParseError)) throw error;
      expect(error.line).toBeGreaterThanOrEqual(1);
      expect(error.column).toBeGreaterThanOrEqual(1);
    }
  };
  const pieces = fc.constantFrom(
    'BO_ ', 'SG_ ', 'CM_ ', 'BA_ ', 'BA_DEF_ ', 'VAL_ ', 'SG_MUL_VAL_ ', 'SIG_VALTYPE_ ', 'BO_TX_BU_ ', 'M ', 'm1 ', 'm0M ',
    ':', '|', '@', '(', ')', '[', ']', ',', ';', '"', '\\"', '-', '+', '1', '0', '2147483648', '1e5', '-3', 'X ', '\n', ' ', '//',
  );

  it('random token soup', () => {
    fc.assert(fc.property(fc.array(pieces, { maxLength: 60 }), fc.boolean(), (parts, strict) => onlyParseErrors(parts.join(''), strict)), { numRuns: 2000 });
  });

  it('mutated corpus files', () => {
    const texts = NAMES.filter((name) => name !== 'tesla_can').map(readDbc);
    const edit = fc.record({ at: fc.nat(), length: fc.nat({ max: 12 }), insert: fc.oneof(fc.string({ maxLength: 6 }), pieces) });
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(edit, { minLength: 1, maxLength: 4 }), fc.boolean(), (text, edits, strict) => {
        let mutated = text;
        for (const { at, length, insert } of edits) {
          const position = at % (mutated.length + 1);
          mutated = mutated.slice(0, position) + insert + mutated.slice(position + length);
        }
        onlyParseErrors(mutated, strict);
      }),
      { numRuns: 1500 },
    );
  });
});
