import { describe, it, expect } from 'vitest';
import { makeMessage, makeSignal } from '../dbc/codec-fixtures.js';
import type { Database } from '../dbc/model.js';
import { frameKey } from '../dbc/frame-key.js';
import { bindVssMapping } from './bind-vss-mapping.js';
import { MappingError } from './errors.js';
import { parseVssMapping } from './vss-mapping.js';

const database: Database = {
  version: null,
  nodes: [],
  valueTables: {},
  attributeDefinitions: [],
  attributes: {},
  comment: null,
  warnings: [],
  messages: [
    makeMessage({
      name: 'Front',
      frameId: 0x10,
      signals: [
        makeSignal({ name: 'DoorState', startBit: 0, length: 1, choices: new Map([[0, 'CLOSED'], [1, 'OPEN']]) }),
        makeSignal({ name: 'Counter', startBit: 4, length: 4 }),
      ],
    }),
    makeMessage({ name: 'Rear', frameId: 0x10, isExtendedFrame: true, signals: [makeSignal({ name: 'Counter', startBit: 4, length: 4 })] }),
  ],
};

const entry = (path: string, signal: string, extra = ''): string =>
  `${path}:\n  type: sensor\n  datatype: uint8\n  dbc2vss:\n    signal: ${signal}\n${extra}`;

function bindError(text: string): MappingError {
  try {
    bindVssMapping(parseVssMapping(text, { file: 'm.yaml' }), database);
  } catch (error) {
    expect(error).toBeInstanceOf(MappingError);
    return error as MappingError;
  }
  throw new Error('expected a MappingError');
}

describe('bindVssMapping', () => {
  it('groups mapped signals by (frameId, extended), telling 11-bit and 29-bit ids apart', () => {
    const text = entry('Vehicle.A', 'DoorState') + entry('Vehicle.B', 'Front.Counter') + entry('Vehicle.C', 'Rear.Counter');
    const bound = bindVssMapping(parseVssMapping(text), database);
    expect([...bound.plans.keys()]).toEqual([frameKey(0x10, false), frameKey(0x10, true)]);
    expect(bound.plans.get(frameKey(0x10, false))?.mapped.map((m) => m.entry.path)).toEqual(['Vehicle.A', 'Vehicle.B']);
    expect(bound.plans.get(frameKey(0x10, true))?.mapped[0].signal.name).toBe('Counter');
    expect(bound.knownFrames.size).toBe(2);
  });

  it('lists every unknown DBC signal in one error', () => {
    const error = bindError(entry('Vehicle.A', 'NoSuchSignal') + entry('Vehicle.B', 'DoorState') + entry('Vehicle.C', 'AlsoMissing'));
    expect(error.message.split('\n')[0]).toBe('m.yaml: 2 mapped DBC signals are not in the database: NoSuchSignal, AlsoMissing');
    expect(error.problems.slice(1)).toEqual([
      expect.objectContaining({ path: 'Vehicle.A', key: 'dbc2vss.signal', line: 1 }),
      expect.objectContaining({ path: 'Vehicle.C', key: 'dbc2vss.signal', line: 11 }),
    ]);
  });

  it('rejects a signal name shared by several messages unless qualified', () => {
    const error = bindError(entry('Vehicle.A', 'Counter'));
    expect(error.problems[0].message).toBe('DBC signal "Counter" is in 2 messages (Front, Rear); write "Front.Counter" to pick one');
    expect(bindError(entry('Vehicle.A', 'Middle.Counter')).problems[0].message).toContain('(Counter is in Front, Rear)');
  });

  it('rejects a mapping `from` that is not a VAL_ name of the signal', () => {
    const transform = '    transform: {mapping: [{from: OPENED, to: 1}, {from: CLOSED, to: 0}, {from: 3, to: 2}]}\n';
    const error = bindError(entry('Vehicle.A', 'DoorState', transform));
    expect(error.problems).toEqual([
      expect.objectContaining({ path: 'Vehicle.A', message: '"OPENED" is not a VAL_ name of Front.DoorState (it has CLOSED, OPEN)' }),
    ]);
  });

  it('requires multiplexer filter signals in the same message', () => {
    const filter = '    multiplexer: [{signal: DoorState, value: 1}]\n';
    expect(() => bindVssMapping(parseVssMapping(entry('Vehicle.A', 'Front.Counter', filter)), database)).not.toThrow();
    expect(bindError(entry('Vehicle.A', 'Rear.Counter', filter)).problems[0].message).toContain('"DoorState" is not in message Rear');
  });

  it('gives VAL_ names the physical value the codec decodes, as a number when it is safe', () => {
    // raw 2^53 + 10 is a bigint; with offset -2^53 the physical value is 10, which the codec gives as a number.
    const signal = makeSignal({ name: 'Odo', startBit: 0, length: 64, offset: -(2 ** 53), conversion: 'integer', choices: new Map([[2n ** 53n + 10n, 'TEN']]) });
    const db: Database = { ...database, messages: [makeMessage({ name: 'Wide', frameId: 0x20, signals: [signal] })] };
    const bound = bindVssMapping(parseVssMapping(entry('Vehicle.Odo', 'Odo')), db);
    expect(bound.plans.get(frameKey(0x20, false))?.mapped[0].valueOfChoice?.get('TEN')).toBe(10);
  });
});

