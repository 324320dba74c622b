import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot } from '../base/repo-root.js';

/** The demo's configuration (config/demo.yaml): simulated car and devices, demo scenes and automations. */
export function demoConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOMEWARD_DEMO_CONFIG) return env.HOMEWARD_DEMO_CONFIG;
  return join(findRepoRoot(dirname(fileURLToPath(import.meta.url))), 'config', 'demo.yaml');
}
