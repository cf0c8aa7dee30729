/** The bench's HTTP client for mockerd's API: keep-alive, JSON bodies, text answers. */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

export function call(port: number, method: string, p: string, body?: object): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const data = body ? JSON.stringify(body) : undefined;
    const headers = data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {};
    const req = http.request({ host: '127.0.0.1', port, method, path: p, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** Close kept-alive sockets (in-process benches count handles afterwards). */
export function closeApiClient(): void {
  agent.destroy();
}
