// Pipelined /socket/in load: each connection keeps WINDOW messages in flight and sends the next one as each
// result frame arrives. Prints one RESULT line: results (all, and those within the timed window, for the rate),
// error frames, seconds, latency percentiles.
// Usage: node bench/socket-in.js <ws url> <seconds> <connections> <window> [authorization header]
'use strict';
const WebSocket = require(process.env.WS_MODULE || 'ws');

const [url, seconds, connections, windowSize, authorization] = process.argv.slice(2);
const durationMs = Number(seconds) * 1000;
const frame = JSON.stringify({ value: { value: JSON.stringify({ message: 'x'.repeat(80) }) } });
let ok = 0;
let other = 0;
const latencies = [];
let open = 0;
let measuring = false;
let started;

function connect(id) {
  const socket = new WebSocket(url, { headers: authorization ? { Authorization: authorization } : {} });
  const sentAt = [];
  let head = 0;
  socket.on('open', () => {
    open++;
    if (open === Number(connections)) start();
    socket.startSending = () => {
      for (let i = 0; i < Number(windowSize); i++) send();
    };
    if (measuring) socket.startSending();
    sockets.push(socket);
  });
  function send() {
    sentAt.push(process.hrtime.bigint());
    socket.send(frame);
  }
  socket.on('message', (data) => {
    const now = process.hrtime.bigint();
    const sent = sentAt[head++];
    if (head > 100000) { sentAt.splice(0, head); head = 0; }
    // A result frame has an offset; anything else is an error frame.
    if (data.includes('"offset"')) ok++; else other++;
    if ((ok + other) % 16 === 0) latencies.push(Number(now - sent) / 1e6);
    if (measuring) send();
  });
  socket.on('error', (e) => { console.error('socket ' + id + ': ' + e.message); process.exit(1); });
}

const sockets = [];
function start() {
  measuring = true;
  started = process.hrtime.bigint();
  sockets.forEach((s) => s.startSending && s.startSending());
  setTimeout(stop, durationMs);
}

function stop() {
  measuring = false;
  const okInTime = ok;
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  // Let in-flight answers arrive so they are counted, then report.
  setTimeout(() => {
    latencies.sort((a, b) => a - b);
    const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : 0);
    console.log(`RESULT ok=${ok} ok_in_time=${okInTime} other=${other} seconds=${secs.toFixed(2)} p50_ms=${pct(0.5).toFixed(2)} p99_ms=${pct(0.99).toFixed(2)}`);
    sockets.forEach((s) => s.close());
    process.exit(0);
  }, 3000);
}

for (let i = 0; i < Number(connections); i++) connect(i);
