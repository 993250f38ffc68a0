import http from "node:http";

/**
 * The simulated students' HTTP client: node:http on one keep-alive agent, answering with a WHATWG `Response`.
 * Global `fetch` cost the load generator about 1.4 ms of CPU per request (undici's fetch machinery, and gunzip
 * before Next's compression was turned off): 5–7 of the 2 cores' seconds in a 500-student rush, taken from the
 * server it measures. Real students' browsers run on their own machines. Like their fetch from our pages, every request
 * says `sec-fetch-site: same-origin` (Chromium, Firefox and Safari 16.4+ send it), so proxy.ts skips API routes.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

export interface BenchRequest {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

export function send(url: string, request: BenchRequest = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const outgoing = http.request(url, { method: request.method ?? "GET", agent, headers: { "sec-fetch-site": "same-origin", ...request.headers, ...(body ? { "content-length": String(body.length) } : {}) } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("error", reject);
      incoming.on("end", () => {
        const headers = new Headers();
        for (let i = 0; i < incoming.rawHeaders.length; i += 2) headers.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
        const status = incoming.statusCode ?? 0;
        // a Response cannot carry a body with these statuses
        const empty = status === 204 || status === 304 || (status >= 100 && status < 200);
        resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers }));
      });
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}
