import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * Sends exactly these bytes (supertest re-serializes a Buffer sent as JSON). The body may be a
 * Buffer or an async iterable of chunks (a streamed upload). Resolves with the answer even when
 * the server closes the connection while the upload is still going.
 */
export function rawRequest(
  base: string,
  options: { method?: string; path: string; headers?: Record<string, string | number>; body?: Buffer | AsyncIterable<Buffer> },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(`${base}${options.path}`, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      const done = (): void => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
      res.on('end', done);
      res.on('aborted', done);
      res.on('error', done);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const body = options.body;
    if (body === undefined) {
      req.end();
    } else if (Buffer.isBuffer(body)) {
      req.end(body);
    } else {
      void (async () => {
        try {
          for await (const chunk of body) {
            if (answered || req.destroyed) break;
            if (!req.write(chunk)) await new Promise((resume) => req.once('drain', resume));
          }
          req.end();
        } catch {
          // The server closed the connection mid-upload: the answer (if any) resolves the promise.
        }
      })();
    }
  });
}
