import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { contentTypeOf } from './content-types.ts';
import { replyError, replyMethodNotAllowed } from './http-replies.ts';

/**
 * Serves the built app from `root`. A path without an extension that names no file gets
 * index.html (the app routes on the client); a missing file with an extension is a 404, so
 * a missing script never comes back as HTML. Only files under `root` can be read: every
 * segment is decoded and checked, and dot files are never served.
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  rawPath: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return replyMethodNotAllowed(res, req.method ?? '', 'GET, HEAD');
  }
  const segments = decodeSegments(rawPath);
  if (!segments) return replyError(res, 400, 'BAD_PATH', 'The path is not a file of this site.');
  const base = resolve(root);
  const file = resolve(base, ...segments);
  if (file !== base && !file.startsWith(base + sep)) {
    return replyError(res, 400, 'BAD_PATH', 'The path is not a file of this site.');
  }
  const found = await regularFile(file);
  if (found) return sendFile(req, res, file, found.size, segments[0] === 'assets');
  const last = segments.at(-1) ?? '';
  if (last.includes('.')) return replyError(res, 404, 'NOT_FOUND', 'No such file.');
  const index = join(base, 'index.html');
  const indexFile = await regularFile(index);
  if (!indexFile) return replyError(res, 404, 'NOT_FOUND', 'The app is not built (no index.html).');
  return sendFile(req, res, index, indexFile.size, false);
}

/** The decoded path segments, or null for anything that could step outside the root. */
function decodeSegments(rawPath: string): string[] | null {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment.startsWith('.') || /[\\/\0:]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

async function regularFile(path: string): Promise<{ size: number } | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? { size: s.size } : null;
  } catch {
    return null;
  }
}

function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  size: number,
  immutable: boolean,
): void {
  res.writeHead(200, {
    'Content-Type': contentTypeOf(path),
    'Content-Length': size,
    // Vite names files under assets/ by content hash; everything else may change on deploy.
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
