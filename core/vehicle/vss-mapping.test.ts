import { describe, it, expect } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVssMappingFile, parseVssMapping } from './vss-mapping.js';
import { MappingError } from './errors.js';

function mappingError(run: () => unknown): MappingError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MappingError);
    return error as MappingError;
  }
  throw new Error('expected a MappingError');
}

const TREE_JSON = JSON.stringify(
  {
    Vehicle: {
      type: 'branch',
      description: 'High-level vehicle data.',
      children: {
        Speed: {
          type: 'sensor',
          datatype: 'float',
          unit: 'km/h',
          description: 'Vehicle speed.',
          dbc2vss: { signal: 'DI_uiSpeed', interval_ms: 100 },
        },
        IsMoving: { type: 'sensor', datatype: 'boolean', description: 'Not mapped.' },
        Cabin: {
          type: 'branch',
          children: {
            Door: {
              type: 'branch',
              children: {
                Row1: {
                  type: 'branch',
                  children: {
                    DriverSide: {
                      type: 'branch',
                      children: {
                        IsOpen: {
                          type: 'actuator',
                          datatype: 'boolean',
                          dbc: {
                            signal: 'VCLEFT_frontDoorState',
                            on_change: true,
                            transform: {
                              mapping: [
                                { from: 'DOOR_STATE_CLOSED', to: false },
                                { from: 'DOOR_STATE_OPEN_OR_AJAR', to: true },
                              ],
                            },
                          },
                          vss2dbc: { signal: 'VCLEFT_doorRequest', transform: { mapping: [{ from: true, to: 1 }] } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  null,
  2,
);

const OVERLAY_YAML = `# a vspec overlay
Vehicle.Speed:
  type: sensor
  datatype: float
  dbc2vss:
    signal: DI_uiSpeed
Vehicle.Body.Mirrors.DriverSide.Tilt:
  type: actuator
  datatype: int8
  dbc2vss:
    signal: VCLEFT_mirrorTiltYPosition
    interval_ms: 100
    transform:
      math: "floor((x*40)-100)"
Vehicle.Powertrain.Transmission.IsParkLockEngaged:
  type: sensor
  datatype: boolean
  dbc:
    signal: DI_gear
    on_change: true
    transform:
      mapping:
        - {from: DI_GEAR_P, to: true}
        - {from: 3, to: false}
`;

describe('parseVssMapping', () => {
  it('reads the VSS JSON tree form, with dbc as a synonym of dbc2vss', () => {
    const mapping = parseVssMapping(TREE_JSON, { file: 'vss_dbc.json' });
    expect(mapping.dbc2vss.map((entry) => entry.path)).toEqual(['Vehicle.Speed', 'Vehicle.Cabin.Door.Row1.DriverSide.IsOpen']);
    const [speed, door] = mapping.dbc2vss;
    expect(speed).toMatchObject({ type: 'sensor', datatype: 'float', signal: 'DI_uiSpeed', intervalMs: 100, onChange: false, transform: null });
    expect(door).toMatchObject({ type: 'actuator', signal: 'VCLEFT_frontDoorState', intervalMs: 0, onChange: true });
    expect(door.transform).toEqual({
      kind: 'mapping',
      mapping: [
        { from: 'DOOR_STATE_CLOSED', to: false },
        { from: 'DOOR_STATE_OPEN_OR_AJAR', to: true },
      ],
    });
    expect(mapping.vss2dbc).toEqual([
      expect.objectContaining({ path: 'Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', signal: 'VCLEFT_doorRequest' }),
    ]);
  });

  it('reads the YAML overlay form with kuksa defaults and line numbers', () => {
    const mapping = parseVssMapping(OVERLAY_YAML, { file: 'overlay.vspec' });
    const [speed, tilt, park] = mapping.dbc2vss;
    expect(speed).toMatchObject({ path: 'Vehicle.Speed', intervalMs: 1000, onChange: false, line: 2 });
    expect(tilt).toMatchObject({ path: 'Vehicle.Body.Mirrors.DriverSide.Tilt', intervalMs: 100, line: 7 });
    expect(tilt.transform?.kind).toBe('math');
    if (tilt.transform?.kind === 'math') expect(tilt.transform.expression.evaluate(2)).toBe(-20);
    expect(park).toMatchObject({ signal: 'DI_gear', intervalMs: 0, onChange: true, line: 15 });
  });

  it('says path, key and line for a bad value', () => {
    const text = OVERLAY_YAML.replace('interval_ms: 100', 'interval_ms: fast');
    const error = mappingError(() => parseVssMapping(text, { file: 'overlay.yaml' }));
    expect(error.file).toBe('overlay.yaml');
    expect(error.problems).toEqual([
      expect.objectContaining({ path: 'Vehicle.Body.Mirrors.DriverSide.Tilt', key: 'dbc2vss.interval_ms', line: 12 }),
    ]);
    expect(error.message).toMatch(/^overlay\.yaml:12: Vehicle\.Body\.Mirrors\.DriverSide\.Tilt dbc2vss\.interval_ms: /);
  });

  it('rejects a misspelt key instead of silently using the default', () => {
    const text = OVERLAY_YAML.replace('interval_ms: 100', 'interval: 100');
    const error = mappingError(() => parseVssMapping(text, { file: 'overlay.yaml' }));
    expect(error.problems[0]).toMatchObject({ key: 'dbc2vss.interval', line: 12 });
    expect(error.message).toContain('interval');
  });

  it('collects every problem of the file at once', () => {
    const text = `Vehicle.A:
  type: sensor
  datatype: float
  dbc2vss: {signal: S1, on_change: "yes"}
Vehicle.B:
  datatype: float
  dbc2vss: {signal: S2}
Vehicle.C:
  type: sensor
  datatype: boolean
  dbc2vss:
    signal: S3
    transform: {mapping: [{from: 1, to: 2}]}
Vehicle.D:
  type: sensor
  datatype: float
  dbc2vss:
    signal: S4
    transform: {math: "x * * 2"}
Vehicle.E:
  type: sensor
  datatype: float
  dbc2vss:
    signal: S5
    transform: {math: "x", mapping: [{from: 1, to: 2}]}
Vehicle.F:
  type: sensor
  datatype: float
  dbc: {signal: S6}
  dbc2vss: {signal: S6}
Vehicle.G:
  type: sensor
  datatype: float
  vss2dbc: {signal: S7}
`;
    const error = mappingError(() => parseVssMapping(text, { file: 'bad.yaml' }));
    const found = error.problems.map(({ path, key, line }) => [path, key, line]);
    expect(found).toEqual([
      ['Vehicle.A', 'dbc2vss.on_change', 4],
      ['Vehicle.B', 'type', 5],
      ['Vehicle.C', 'dbc2vss.transform.mapping.0.to', 13],
      ['Vehicle.D', 'dbc2vss.transform.math', 19],
      ['Vehicle.E', 'dbc2vss.transform', 25],
      ['Vehicle.F', 'dbc', 29],
      ['Vehicle.G', 'vss2dbc', 34],
    ]);
    expect(error.problems[3].message).toContain('column 5');
    expect(error.problems[2].message).toContain('must be true or false for a boolean');
  });

  it('reports YAML and JSON syntax errors with their line', () => {
    const yamlError = mappingError(() => parseVssMapping('Vehicle.Speed:\n  type: sensor\n  type: actuator\n', { file: 'dup.yaml' }));
    expect(yamlError.problems[0].line).toBe(3);
    const jsonError = mappingError(() => parseVssMapping('{\n  "Vehicle": {\n    "type": "branch",,\n  }\n}', { file: 'broken.json' }));
    expect(jsonError.problems[0].line).toBe(3);
    expect(jsonError.message).toContain('invalid JSON');
  });

  it('locates problems in JSON files too', () => {
    const text = TREE_JSON.replace('"interval_ms": 100', '"interval_ms": -5');
    const error = mappingError(() => parseVssMapping(text, { file: 'vss_dbc.json' }));
    const line = text.split('\n').findIndex((row) => row.includes('"interval_ms": -5')) + 1;
    expect(error.problems).toEqual([expect.objectContaining({ path: 'Vehicle.Speed', key: 'dbc2vss.interval_ms', line })]);
  });

  it('rejects a VSS path mapped twice and paths that are not VSS names', () => {
    const twice = `{"Vehicle.Speed": {"type": "sensor", "datatype": "float", "dbc2vss": {"signal": "A"}},
      "Vehicle": {"type": "branch", "children": {"Speed": {"type": "sensor", "datatype": "float", "dbc2vss": {"signal": "B"}}}}}`;
    expect(mappingError(() => parseVssMapping(twice)).problems[0]).toMatchObject({ path: 'Vehicle.Speed', message: 'VSS path mapped twice' });
    const badName = 'Vehicle.1st:\n  type: sensor\n  datatype: float\n  dbc2vss: {signal: A}\n';
    expect(mappingError(() => parseVssMapping(badName)).problems[0]).toMatchObject({ path: 'Vehicle.1st', line: 1 });
  });

  it('rejects a file that is not an object', () => {
    expect(mappingError(() => parseVssMapping('- 1\n- 2\n')).problems[0].message).toContain('holds an object');
  });
});

describe('loadVssMappingFile', () => {
  it('reads a real file by extension, and names a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'homeward-mapping-'));
    try {
      const file = join(dir, 'overlay.yaml');
      await writeFile(file, OVERLAY_YAML);
      const mapping = await loadVssMappingFile(file);
      expect(mapping.file).toBe(file);
      expect(mapping.dbc2vss).toHaveLength(3);
      const missing = join(dir, 'missing.json');
      await expect(loadVssMappingFile(missing)).rejects.toMatchObject({ name: 'MappingError', file: missing });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
