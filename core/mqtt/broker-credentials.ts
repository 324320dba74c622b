import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MqttBrokerError } from './errors.js';

export const CREDENTIALS_FILE = 'mqtt-broker-credentials.json';
const credentialsSchema = z.object({ username: z.string().min(1), password: z.string().min(16) });
export type BrokerCredentials = z.infer<typeof credentialsSchema>;

/**
 * The embedded broker's login: generated once, kept in `<dataDir>/mqtt-broker-credentials.json`
 * with mode 0600 (tightened if someone loosened it), written to a temp file and renamed so a crash
 * never leaves half a file.
 */
export async function loadBrokerCredentials(dataDir: string): Promise<BrokerCredentials> {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  let text: string | null = null;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new MqttBrokerError(`cannot read ${file}`, { cause: error });
  }
  if (text !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new MqttBrokerError(`${file}: not JSON (delete it to generate new credentials)`, { cause });
    }
    const credentials = credentialsSchema.safeParse(parsed);
    if (!credentials.success) throw new MqttBrokerError(`${file}: expected {"username", "password"} (delete it to generate new credentials)`);
    if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
    return credentials.data;
  }
  const credentials: BrokerCredentials = { username: 'homeward', password: randomBytes(24).toString('base64url') };
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(credentials)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new MqttBrokerError(`cannot write ${file}`, { cause: error });
  }
  return credentials;
}
