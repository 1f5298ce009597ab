import http from 'node:http';

export type PostResult = { status: number; body: string; retryAfter?: number };

/**
 * One keep-alive connection per load client. `localAddress` lets each client come from its own
 * loopback address (127.0.0.x), as separate integrations would from their own hosts.
 */
export function createPoster(baseUrl: string, apiKey: string, localAddress: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress });
  const url = new URL(baseUrl);
  return {
    post(path: string, body: Buffer): Promise<PostResult> {
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            path,
            method: 'POST',
            agent,
            headers: {
              authorization: `Bearer ${apiKey}`,
              'content-type': 'application/json',
              'content-length': body.length,
            },
          },
          (res) => {
            const parts: Buffer[] = [];
            res.on('data', (c: Buffer) => parts.push(c));
            res.on('end', () => {
              const retry = Number(res.headers['retry-after']);
              resolve({
                status: res.statusCode ?? 0,
                body: Buffer.concat(parts).toString('utf8'),
                retryAfter: Number.isFinite(retry) ? retry : undefined,
              });
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
