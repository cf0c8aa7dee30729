/** A TCP proxy that records every connection's bytes both ways (as the golden flows were recorded). */
import net from 'node:net';

export interface ProxiedConnection {
  clientToDaemon: Buffer;
  daemonToClient: Buffer;
}

export async function startByteProxy(target: { host: string; port: number }) {
  const connections: ProxiedConnection[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const record: ProxiedConnection = { clientToDaemon: Buffer.alloc(0), daemonToClient: Buffer.alloc(0) };
    connections.push(record);
    const daemon = net.connect({ ...target, allowHalfOpen: true });
    client.on('data', (d) => ((record.clientToDaemon = Buffer.concat([record.clientToDaemon, d])), daemon.write(d)));
    daemon.on('data', (d) => ((record.daemonToClient = Buffer.concat([record.daemonToClient, d])), client.write(d)));
    client.on('end', () => daemon.end());
    daemon.on('end', () => client.end());
    client.on('error', () => daemon.destroy());
    daemon.on('error', () => client.destroy());
    client.on('close', () => daemon.destroy());
    daemon.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    host: `tcp://127.0.0.1:${port}`,
    connections,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
