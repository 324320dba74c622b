import os from 'node:os';

/** 127.0.0.0/8, ::1 and `localhost`: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/**
 * The exact `Host` header values this server answers to (against DNS rebinding): the bound address,
 * the loopback names when reachable, every interface address for a wildcard bind.
 */
export function allowedHostsFor(boundHost: string, port: number): Set<string> {
  const hosts = new Set<string>([hostPort(boundHost, port)]);
  const wildcard = boundHost === '0.0.0.0' || boundHost === '::';
  if (isLoopbackHost(boundHost) || wildcard) {
    for (const name of ['localhost', '127.0.0.1', '::1']) hosts.add(hostPort(name, port));
  }
  if (wildcard) {
    for (const entries of Object.values(os.networkInterfaces())) {
      for (const entry of entries ?? []) hosts.add(hostPort(entry.address, port));
    }
    hosts.add(hostPort(os.hostname().toLowerCase(), port));
  }
  return hosts;
}

/** The page origins allowed to open the WebSocket: the dashboard served by this server, nothing else. */
export function allowedOriginsFor(hosts: ReadonlySet<string>): Set<string> {
  return new Set([...hosts].map((host) => `http://${host}`));
}
