import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_CHARS } from './read-yaml-file.js';
import { MAX_INCLUDE_DEPTH, MAX_NODES, pathKey, readConfigTree } from './read-config-tree.js';
import { memoryFiles } from './testing/memory-files.js';

const ROOT = '/homeward-test/tree';
const read = (text: string, files: Record<string, string> = {}) => readConfigTree(text, path.join(ROOT, 'main.yaml'), memoryFiles(ROOT, files).readFile);

describe('readConfigTree', () => {
  it('expands aliases and << merges (explicit keys win, then earlier sources)', async () => {
    const tree = await read('base: &b {a: 1, b: 2}\nmore: &m {b: 3, c: 4}\nx:\n  <<: [*b, *m]\n  a: 9\ny: *b\n');
    expect(tree.issues).toEqual([]);
    expect(tree.value).toEqual({ base: { a: 1, b: 2 }, more: { b: 3, c: 4 }, x: { a: 9, b: 2, c: 4 }, y: { a: 1, b: 2 } });
  });

  it('refuses an alias bomb instead of expanding it', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(10).fill(`*${'abcdefghij'[i - 1]}`).join(', ')}]`);
    const tree = await read(`${levels.join('\n')}\n`);
    expect(tree.issues).toHaveLength(1);
    expect(tree.issues[0].message).toBe(`the configuration expands to more than ${MAX_NODES} nodes (an alias bomb?)`);
  });

  it('refuses a file too large to be a configuration', async () => {
    const tree = await read('a: !include big.yaml\n', { 'big.yaml': `# ${'x'.repeat(MAX_FILE_CHARS)}\n` });
    expect(tree.issues).toEqual([{ file: `${ROOT}/big.yaml`, line: 0, column: 0, key: '', message: 'larger than 4 MB: not a configuration file' }]);
  });

  it('keeps __proto__ a plain key', async () => {
    const tree = await read('__proto__: {polluted: true}\n');
    expect(Object.getPrototypeOf(tree.value)).toBe(Object.prototype);
    expect(Object.keys(tree.value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names an unsupported tag and a tag in the wrong place', async () => {
    const tree = await read('a: !include_dir_list autos\nb: !include\n  c: 1\nc: !secret\n');
    expect(tree.issues.map((i) => `${i.line} ${i.key}: ${i.message}`)).toEqual([
      '1 a: unsupported tag !include_dir_list (Homeward knows !secret and !include)',
      '3 b: !include takes a file name',
      '4 c: !secret takes a secret name',
    ]);
    expect(tree.failedPaths.has(pathKey(['a']))).toBe(true);
  });

  it('includes relative to the including file, records where each key was written', async () => {
    const tree = await read('automations: !include sub/list.yaml\n', { 'sub/list.yaml': '- !include item.yaml\n', 'sub/item.yaml': 'id: x\nalias: y\n' });
    expect(tree.issues).toEqual([]);
    expect(tree.value).toEqual({ automations: [{ id: 'x', alias: 'y' }] });
    expect(tree.locations.get(pathKey(['automations']))).toEqual({ file: `${ROOT}/main.yaml`, line: 1, column: 1 });
    expect(tree.locations.get(pathKey(['automations', 0]))).toEqual({ file: `${ROOT}/sub/list.yaml`, line: 1, column: 12 });
    expect(tree.locations.get(pathKey(['automations', 0, 'alias']))).toEqual({ file: `${ROOT}/sub/item.yaml`, line: 2, column: 1 });
  });

  it(`stops includes nested deeper than ${MAX_INCLUDE_DEPTH}`, async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`f${i}.yaml`] = `!include f${i + 1}.yaml\n`;
    const tree = await read('a: !include f0.yaml\n', files);
    expect(tree.issues).toHaveLength(1);
    expect(tree.issues[0]).toMatchObject({ key: 'a', message: `includes nested deeper than ${MAX_INCLUDE_DEPTH}` });
  });

  it("finds secrets as Home Assistant does: the including file's folder first, then up to the main folder", async () => {
    const tree = await read('a: !secret one\nb: !include sub/b.yaml\n', {
      'secrets.yaml': 'one: top-1\ntwo: top-2\n',
      'sub/secrets.yaml': 'two: sub-2\n',
      'sub/b.yaml': 'x: !secret two\ny: !secret one\n',
    });
    expect(tree.issues).toEqual([]);
    expect(tree.value).toEqual({ a: 'top-1', b: { x: 'sub-2', y: 'top-1' } });
    expect([...tree.secretPaths]).toEqual([pathKey(['a']), pathKey(['b', 'x']), pathKey(['b', 'y'])]);
    expect([...tree.secrets.values].sort()).toEqual(['sub-2', 'top-1', 'top-2']);
  });

  it('reports a secrets file that is not a mapping', async () => {
    const tree = await read('a: !secret one\n', { 'secrets.yaml': '- one\n' });
    expect(tree.issues.map((i) => `${path.basename(i.file)}:${i.line} ${i.key}: ${i.message}`)).toEqual([
      `main.yaml:1 a: secret 'one' is not defined (looked in ${ROOT}/secrets.yaml)`,
      'secrets.yaml:1 : a secrets file must be a mapping of name: value',
    ]);
  });
});
