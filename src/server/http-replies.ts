import type { ServerResponse } from 'node:http';

/**
 * Headers on every response. COOP and COEP make the app cross-origin isolated (guest RAM is
 * a SharedArrayBuffer); CORP keeps other sites from embedding what is served here.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
} as const;

export type ErrorCode =
  | 'NOT_FOUND'
  | 'BAD_PATH'
  | 'METHOD_NOT_ALLOWED'
  | 'BAD_NAME'
  | 'BAD_DECLARED_HASH'
  | 'HASH_MISMATCH'
  | 'TOO_LARGE'
  | 'QUOTA_EXCEEDED'
  | 'RATE_LIMITED'
  | 'UPLOAD_TIMEOUT'
  | 'BUSY'
  | 'STORE_UNAVAILABLE'
  | 'INTERNAL';

/** Replies `{ "error": { "code", "message" } }` and closes nothing: the caller decides. */
export function replyError(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  replyJson(res, status, { error: { code, message } }, headers);
}

export function replyJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

export function replyMethodNotAllowed(res: ServerResponse, method: string, allow: string): void {
  replyError(
    res,
    405,
    'METHOD_NOT_ALLOWED',
    `${method.slice(0, 20)} is not allowed here; use ${allow}.`,
    {
      Allow: allow,
    },
  );
}
