import { peerLatency } from './scripts/bench-peers.ts';
console.log(JSON.stringify(await peerLatency()));
