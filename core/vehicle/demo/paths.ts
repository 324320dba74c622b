/**
 * Where the demo EV's files are. Compiled code runs from dist/core/vehicle/demo, where no .dbc or
 * .yaml is copied, so we walk up to the folder holding package.json (the repository root) and
 * point into the sources under core/vehicle/demo. The walk runs on first use, not on import.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot } from '../../base/repo-root.js';

let demoDir: string | undefined;

/** The sources' core/vehicle/demo folder, found once; HOMEWARD_DEMO_DIR where a package ships it as a resource. */
function demoDirectory(): string {
  demoDir ??= process.env.HOMEWARD_DEMO_DIR ?? join(findRepoRoot(dirname(fileURLToPath(import.meta.url))), 'core', 'vehicle', 'demo');
  return demoDir;
}

/** The demo EV's CAN database (DBC). */
export function homewardEvDbcPath(): string {
  return join(demoDirectory(), 'homeward-ev.dbc');
}

/** The demo EV's DBC→VSS 4.0 mapping (kuksa-can-provider vspec overlay, YAML). */
export function homewardEvVssMappingPath(): string {
  return join(demoDirectory(), 'homeward-ev.vss.yaml');
}

/** The demo EV's 6-minute drive home (candump -L), made by test/tools/make-demo-drive.ts. */
export function demoDriveLogPath(): string {
  return join(demoDirectory(), 'drive-home.log');
}
