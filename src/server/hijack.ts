/**
 * The hijack path. Node hands requests carrying `Upgrade` to the server's `upgrade`
 * event instead of the request handler; here they become ordinary fetch requests for
 * the same Hono app, with the raw socket in the bindings. A route that takes the
 * socket returns HIJACKED; any other answer is written to the socket as HTTP/1.1.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';

/** Returned by a route that has taken over the socket. */
export const HIJACKED = new Response(null, { status: 299, statusText: "Hijacked" });

export type FetchHandler = (request: Request, env: unknown) => Response | Promise<Response>;

export async function handleUpgrade(fetch: FetchHandler, req: IncomingMessage, socket: Duplex, head: Buffer, baseUrl: string) {
  try {
    const { body, rest } = await readBody(req, socket, head);
    const request = new Request(new URL(req.url ?? '/', baseUrl), {
      method: req.method,
      headers: headersOf(req),
      body: body.length > 0 && req.method !== 'GET' && req.method !== 'HEAD' ? body : undefined,
    });
    const hijack = { socket, head: rest, upgrade: String(req.headers.upgrade ?? '') };
    const response = await fetch(request, { incoming: req, hijack });
    if (response !== HIJACKED) await writeResponse(socket, response);
  } catch {
    socket.destroy();
  }
}

function headersOf(req: IncomingMessage): Headers {
  const h = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) h.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  return h;
}

/** The request body (Content-Length bytes) may straddle `head` and later socket data. */
function readBody(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<{ body: Buffer; rest: Buffer }> {
  const length = Number(req.headers['content-length'] ?? 0);
  if (!length || head.length >= length) {
    return Promise.resolve({ body: head.subarray(0, length), rest: head.subarray(length) });
  }
  return new Promise((resolve, reject) => {
    let buf = head;
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < length) return;
      socket.off('data', onData);
      socket.off('error', reject);
      socket.pause();
      resolve({ body: buf.subarray(0, length), rest: buf.subarray(length) });
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/** Write a non-hijacked answer on an upgrade request as a plain HTTP/1.1 response. */
async function writeResponse(socket: Duplex, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`];
  response.headers.forEach((v, k) => lines.push(`${k}: ${v}`));
  lines.push(`Content-Length: ${body.length}`, 'Connection: close', '', '');
  socket.end(Buffer.concat([Buffer.from(lines.join('\r\n')), body]));
}
