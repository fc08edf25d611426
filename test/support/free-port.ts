import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

// Below the stores' ports here (27017 and up) and below the kernel's ephemeral range (32768–60999 unless set lower).
const LOWEST = 10_000;
const HIGHEST = Math.min(27_000, ephemeralLow() - 1);

function ephemeralLow(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768; // not Linux: its default
  }
}

// Handed out by this process: its processes may not be listening on them yet.
const handedOut = new Set<number>();

/**
 * A loopback port nobody listens on now, for a process started next to listen on. Not one the OS hands out for
 * `listen(0)`: such a port comes from the ephemeral range, where any process's next outgoing connection may take it
 * as its local end before the process meant to listen there does (seen as EADDRINUSE at a benchmark's start).
 */
export async function freePort(): Promise<number> {
  // Else the range below would be empty and the arithmetic would hand out ports of the ephemeral range, unsaid.
  if (HIGHEST <= LOWEST) throw new Error(`the kernel's ephemeral range starts at ${HIGHEST + 1}: no port between ${LOWEST} and it to hand out`);
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST));
    if (handedOut.has(port) || !(await canListen(port)) || handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free loopback port between ${LOWEST} and ${HIGHEST}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
