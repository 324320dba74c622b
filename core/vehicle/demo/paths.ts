/**
 * Where the demo EV's files are. Compiled code runs from dist/core/vehicle/demo, where no .dbc or
 * .yaml is copied, so we walk up to the folder holding package.json (the repository root) and
 * point into the sources under core/vehicle/demo.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

const demoDir = join(findRepoRoot(dirname(fileURLToPath(import.meta.url))), 'core', 'vehicle', 'demo');

/** The demo EV's CAN database (DBC). */
export const homewardEvDbcPath = join(demoDir, 'homeward-ev.dbc');

/** The demo EV's DBC→VSS 4.0 mapping (kuksa-can-provider vspec overlay, YAML). */
export const homewardEvVssMappingPath = join(demoDir, 'homeward-ev.vss.yaml');
