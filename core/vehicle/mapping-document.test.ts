import { describe, expect, it } from 'vitest';
import { MappingError } from './errors.js';
import { readMappingDocument } from './mapping-document.js';

/** Each level doubles the aliases; 2^12 expansions is past the 1000 the reader allows. */
function aliasBomb(levels: number): string {
  const lines = ['a0: &a0 [x, x]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}]`);
  return lines.join('\n') + '\n';
}

describe('readMappingDocument', () => {
  it('reports a YAML alias bomb as a MappingError naming the file', () => {
    let error: unknown;
    try {
      readMappingDocument(aliasBomb(12), 'bomb.yaml', 'yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MappingError);
    expect((error as MappingError).file).toBe('bomb.yaml');
    expect((error as MappingError).message).toMatch(/^bomb\.yaml: cannot expand YAML aliases: .*alias/i);
  });

  it('still expands a few aliases', () => {
    expect(readMappingDocument(aliasBomb(2), 'few.yaml', 'yaml').data).toMatchObject({ a1: [['x', 'x'], ['x', 'x']] });
  });

  it('finds lines in JSON with duplicate keys instead of throwing', () => {
    const doc = readMappingDocument('{\n  "A": 1,\n  "A": {\n    "b": 2\n  }\n}\n', 'dup.json', 'json');
    expect(doc.data).toEqual({ A: { b: 2 } });
    expect(() => doc.lineOf(['A', 'b'])).not.toThrow();
    expect(doc.lineOf(['A', 'b'])).toBe(4);
  });
});
