import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, it, expect } from 'vitest';
import { DbcParseError } from './errors.js';
import { loadDbcFile } from './load-dbc-file.js';

const corpusDir = process.env.HOMEWARD_CORPUS ?? fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-dbc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadDbcFile', () => {
  it('loads a corpus file (CRLF, cp1252)', () => {
    const db = loadDbcFile(path.join(corpusDir, 'can/dbc/motohawk.dbc'));
    expect(db.messages[0].name).toBe('ExampleMessage');
  });

  it('decodes cp1252 bytes and puts the path in warnings', () => {
    const file = path.join(dir, 'sloppy.dbc');
    writeFileSync(file, Buffer.from('BO_ 1043 TIME : 1 A\r\n SG_ T : 0|8@1+ (1,0) [0|0] "\xb0" B\r\n SG_ U : 4|4@1+ (1,0) [0|0] "" B\r\n', 'latin1'));
    const db = loadDbcFile(file, { strict: false });
    expect(db.messages[0].signals[0].unit).toBe('°');
    expect(db.warnings).toEqual([{ file, line: 3, column: 2, message: 'The signals U and T are overlapping in message TIME.' }]);
  });

  it('puts the path in parse errors', () => {
    const file = path.join(dir, 'broken.dbc');
    writeFileSync(file, 'VERSION ""\nBO_ 1 Foo 8 A\n');
    expect(() => loadDbcFile(file)).toThrow(`${file}:2:11: expected ':', found '8'`);
  });

  it('turns a missing file into a DbcParseError', () => {
    const file = path.join(dir, 'missing.dbc');
    let error: unknown;
    try {
      loadDbcFile(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DbcParseError);
    expect(error).toMatchObject({ file, line: 0, column: 0 });
    expect((error as DbcParseError).reason).toContain('ENOENT');
  });
});
