import { readStaticFile } from '../core/api/static-files.js';
import { SECURITY_HEADERS } from '../core/api/security-headers.js';
import { isAppUrl } from './security.js';

/** The page's own scheme: `app://homeward/` (standard and secure, so storage and relative URLs work). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://homeward';
export const APP_URL = `${APP_ORIGIN}/index.html`;

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/**
 * Answers an app:// request from the built dashboard with the CSP and the other security headers;
 * other hosts, paths outside the bundle and non-GET methods are refused.
 */
export async function appResponse(request: { url: string; method: string }, rendererDir: string): Promise<Response> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return new Response('bad request', { status: 400 });
  }
  if (!isAppUrl(url.href, APP_ORIGIN)) return new Response('not found', { status: 404 });
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405 });
  const file = await readStaticFile(rendererDir, url.pathname);
  if (!file.ok) return new Response('not found', { status: file.status, headers: { ...SECURITY_HEADERS } });
  return new Response(new Uint8Array(file.body), { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType } });
}
