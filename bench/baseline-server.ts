// The ceiling the benchmark compares against: a plain node:http server answering a fixed body of a given size.
import { createServer } from 'node:http';

// The body size comes from `?size=N` so one baseline serves every scenario's response size.
const bodies = new Map<number, Buffer>();
const bodyOfSize = (size: number): Buffer => {
  let body = bodies.get(size);
  if (!body) {
    body = Buffer.from(JSON.stringify({ padding: 'x'.repeat(Math.max(0, size - 15)) }));
    bodies.set(size, body);
  }
  return body;
};
const server = createServer((request, response) => {
  const size = Number(/[?&]size=(\d+)/.exec(request.url ?? '')?.[1] ?? 1000);
  const body = bodyOfSize(Math.min(size, 10_000_000));
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/scim+json; charset=utf-8', 'content-length': body.length });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`listening ${address.port}\n`);
});
