// Browser side of the peer latency bench (bundled by scripts/bench-peers.ts, never shipped).
// `window.bench.start(mode, …)` joins a room as the app does (AtelierPeers, with the seams) or as a
// bare y-webrtc pair (built without them); `edit(i)` writes edit i and its send time; every received
// edit is recorded with its arrival time. Times are performance.timeOrigin + performance.now(), which
// Chromium derives from the system clock, so they compare across browser processes on one machine.
import * as Y from 'yjs';
import { WebrtcProvider } from 'y-webrtc';
import { AtelierPeers } from '../../src/lib/sync/peers.ts';
import { roomFromCode } from '../../src/lib/shared/room.ts';
import { recordDelays, typeEdit } from '../bench-log.ts';

type Mode = 'webrtc' | 'relay' | 'bare';

const now = () => performance.timeOrigin + performance.now();
const received: [number, number][] = [];
let doc: Y.Doc;
let peers: AtelierPeers | null = null;
let bare: WebrtcProvider | null = null;

function start(mode: Mode, code: string, origin: string): void {
	doc = new Y.Doc();
	const log = doc.getMap<number>('log');
	doc.getText('t');
	log.observe((event) => {
		if (event.transaction.local) return;
		const at = now();
		const seq = log.get('seq');
		if (typeof seq === 'number') received.push([seq, at]);
	});
	const room = roomFromCode(code);
	if (mode === 'bare') {
		bare = new WebrtcProvider(room.id, doc, {
			signaling: [`${origin.replace(/^http/, 'ws')}/signal`],
			password: room.code,
			peerOpts: { config: { iceServers: [] } }
		});
	} else {
		peers = new AtelierPeers({
			room,
			doc,
			origin,
			user: { participantId: crypto.randomUUID(), name: 'bench', colour: '#000000', role: 'participant' },
			webrtc: mode === 'webrtc',
			relay: mode === 'relay'
		});
	}
}

function connected(): number {
	if (peers) return peers.status.state === 'synchronise' || peers.status.webrtcPeers > 0 ? Math.max(1, peers.status.webrtcPeers) : 0;
	const conns = (bare as unknown as { room?: { webrtcConns: Map<string, { connected: boolean }> } } | null)?.room?.webrtcConns;
	return conns ? [...conns.values()].filter((c) => c.connected).length : 0;
}

function edit(seq: number): number {
	const sentAt = now();
	doc.transact(() => {
		doc.getText('t').insert(doc.getText('t').length, 'x');
		doc.getMap<number>('log').set('seq', seq);
	});
	return sentAt;
}

function stop(): void {
	peers?.destroy();
	bare?.destroy();
}

// The 30-device room bench (scripts/bench-room.ts): the app's peers with a chosen topology, one key
// per device in the log, and the delay of every remote edit.
let roomKey = '';
const roomDelays: number[] = [];

function startRoom(code: string, origin: string, key: string, webrtc: boolean, relay: boolean, maxWebrtcPeers?: number): void {
	doc = new Y.Doc();
	roomKey = key;
	recordDelays(doc, roomDelays);
	peers = new AtelierPeers({
		room: roomFromCode(code),
		doc,
		origin,
		user: { participantId: key, name: key, colour: '#000000', role: 'participant' },
		webrtc,
		relay,
		maxWebrtcPeers
	});
}

function editRoom(): void {
	typeEdit(doc, roomKey);
}

(window as unknown as { bench: object }).bench = {
	startRoom,
	editRoom,
	roomDelays: () => roomDelays.splice(0),
	start,
	connected,
	edit,
	received: () => received,
	stop,
	status: () => peers?.status ?? null
};
