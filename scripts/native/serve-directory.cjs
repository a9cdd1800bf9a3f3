// Serves the files of one directory on a free loopback port, for an installer that insists on
// downloading over HTTP (@tensorflow/tfjs-node's, through TFJS_NODE_BASE_URI). Prints the port
// on the first line of stdout once listening; ends on SIGTERM/SIGINT or when the process that
// started it is gone (so an interrupted installer leaves no server behind).
// Usage: node serve-directory.cjs DIR
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const dir = process.argv[2];
if (!dir || !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
  console.error(`serve-directory: "${dir ?? ''}" is not a directory (usage: node serve-directory.cjs DIR)`);
  process.exit(2);
}

const server = http.createServer((req, res) => {
  const name = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname).replace(/^\/+/, '');
  const file = path.join(dir, name);
  const stat = name.includes('..') || name === '' ? undefined : fs.statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) {
    console.error(`serve-directory: 404 ${req.url}`);
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${req.url}\n`);
    return;
  }
  res.writeHead(200, { 'content-length': stat.size, 'content-type': 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 1000).unref();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
