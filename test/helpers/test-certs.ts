import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** PEM files made by openssl for a TLS test: a CA, a server certificate for 127.0.0.1, a client certificate. */
export interface TestCerts {
  readonly caFile: string;
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  /** PEM text, as the bridge takes it. */
  readonly ca: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

export const OPENSSL = '/usr/bin/openssl';

function openssl(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(OPENSSL, args, { cwd, timeout: 20_000 }, (error, _out, stderr) => (error ? reject(new Error(`openssl ${args[0]}: ${stderr}`)) : resolve()));
  });
}

/** P-256 keys, valid two days, in `dir`. */
export async function makeTestCerts(dir: string, caName = 'homeward-test-ca'): Promise<TestCerts> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', `/CN=${caName}`], dir);
  const sign = async (name: string, cn: string, ext: string): Promise<void> => {
    await writeFile(path.join(dir, `${name}.ext`), `${ext}\n`);
    await openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir);
    await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`], dir);
  };
  await sign('server', '127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth');
  await sign('client', 'homeward-car', 'extendedKeyUsage=clientAuth');
  const read = (f: string): Promise<string> => readFile(path.join(dir, f), 'utf8');
  return {
    caFile: path.join(dir, 'ca.crt'), serverCertFile: path.join(dir, 'server.crt'), serverKeyFile: path.join(dir, 'server.key'),
    ca: await read('ca.crt'), clientCert: await read('client.crt'), clientKey: await read('client.key'),
  };
}
