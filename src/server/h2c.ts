/**
 * BuildKit's h2c endpoints after the switch (101), for a daemon without BuildKit:
 * - POST /grpc: the daemon is the gRPC server, with no BuildKit services
 *   registered, so every call ends as grpc-go ends a call to an unknown service:
 *   trailers-only, grpc-status 12 (Unimplemented) "unknown service NAME";
 * - POST /session: the daemon is the gRPC client of the caller's session
 *   services (buildkit session.Manager); with no build to use them it only holds
 *   the HTTP/2 connection until the client leaves.
 */
import http2 from 'node:http2';
import type { Duplex } from 'node:stream';

const SWITCHED = 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n';

const UNIMPLEMENTED = 12;

function switchProtocols(socket: Duplex, pending: Buffer): void {
  socket.write(SWITCHED);
  if (pending.length > 0) socket.unshift(pending);
}

/** grpc-go's answer to a method path of a service it does not have. */
function unknownService(path: string): string {
  const match = /^\/([^/]+)\/[^/]+$/.exec(path);
  return match ? `unknown service ${match[1]}` : `malformed method name: ${JSON.stringify(path)}`;
}

export function serveGrpcWithoutServices(socket: Duplex, pending: Buffer): void {
  switchProtocols(socket, pending);
  // the SETTINGS grpc-go's server announces in its first frame
  const server = http2.createServer({
    settings: { maxFrameSize: 1048576, maxConcurrentStreams: 250, maxHeaderListSize: 1048896, headerTableSize: 4096, initialWindowSize: 1048576 },
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    stream.respond(
      { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(UNIMPLEMENTED), 'grpc-message': encodeURIComponent(unknownService(String(headers[':path'] ?? ''))) },
      { endStream: true },
    );
  });
  server.on('sessionError', () => socket.destroy());
  socket.on('close', () => server.close());
  server.emit('connection', socket);
}

export function holdSession(socket: Duplex, pending: Buffer): void {
  switchProtocols(socket, pending);
  const session = http2.connect('http://session', { createConnection: () => socket as never });
  session.on('error', () => socket.destroy());
  socket.on('close', () => session.destroy());
}
