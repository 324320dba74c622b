import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { parseConfigText } from './load-config.js';
import { memoryFiles } from './testing/memory-files.js';

const SECRET = 'f00dfeedf00dfeedf00dfeedf00dfeed';
const PIECES = [
  'home:', 'vehicle:', 'devices:', 'mqtt:', 'automations:', 'scenes:', '  latitude: 1', '  can: demo', '  - id: a', '    token: ',
  '- ', '&a ', '*a', '!secret tok', '!secret nope', '!include inc.yaml', '!include self.yaml', '<<: *a', '{', '}', '[', ']', ': ', '"', "'",
  '\n', '  ', '#', 'x', '1', 'null', '~', '__proto__: ', '? ', '|', '>', '%YAML 1.2\n', '---\n', '...\n', '\t', '\0',
];

describe('parseConfigText on arbitrary text', () => {
  it('resolves or throws a ConfigError, never anything else, and never shows the secret', async () => {
    const fs = memoryFiles('/fuzz', { 'secrets.yaml': `tok: '${SECRET}'\n`, 'inc.yaml': '- a\n- *b\n', 'self.yaml': '!include self.yaml\n' });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), async (pieces) => {
        try {
          await parseConfigText(pieces.join(''), '/fuzz/main.yaml', { readFile: fs.readFile, fileExists: fs.fileExists, env: {}, homeDir: '/h' });
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as ConfigError).message).not.toContain(SECRET);
        }
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});
