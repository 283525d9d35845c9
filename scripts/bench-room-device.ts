// One Node device of the 30-device room bench (scripts/bench-room.ts): the app's own sync code
// (AtelierPeers: y-webrtc mesh and Hocuspocus relay) with @roamhq/wrtc as RTCPeerConnection, in a
// process of its own (its CPU is measured alone, and no BroadcastChannel joins it to other devices).
// Driven over IPC: `start`, then `edit` orders; it reports every remote edit's delay.
import wrtc from '@roamhq/wrtc';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { recordDelays, typeEdit } from './bench-log.ts';

interface StartMessage {
	type: 'start';
	index: number;
	code: string;
	origin: string;
	webrtc: boolean;
	relay: boolean;
	maxWebrtcPeers?: number;
}
type Message = StartMessage | { type: 'edit' } | { type: 'status' } | { type: 'report' } | { type: 'stop' };

const globals = globalThis as Record<string, unknown>;
// Node 20 has no WebSocket or RTCPeerConnection of its own; y-webrtc and simple-peer take the globals.
globals.WebSocket ??= WebSocket;
globals.RTCPeerConnection = wrtc.RTCPeerConnection;
globals.RTCSessionDescription = wrtc.RTCSessionDescription;
globals.RTCIceCandidate = wrtc.RTCIceCandidate;

const { AtelierPeers } = await import('../src/lib/sync/peers.ts');
const { roomFromCode } = await import('../src/lib/shared/room.ts');

let doc: Y.Doc | null = null;
let peers: InstanceType<typeof AtelierPeers> | null = null;
let key = '';
let seq = 0;
const delays: number[] = [];

function send(message: object): void {
	process.send?.(message);
}

process.on('message', (message: Message) => {
	switch (message.type) {
		case 'start': {
			doc = new Y.Doc();
			key = `d${message.index}`;
			recordDelays(doc, delays);
			peers = new AtelierPeers({
				room: roomFromCode(message.code),
				doc,
				origin: message.origin,
				user: { participantId: key, name: `Tablette ${message.index}`, colour: '#1f5fa8', role: 'participant' },
				webrtc: message.webrtc,
				relay: message.relay,
				maxWebrtcPeers: message.maxWebrtcPeers
			});
			return;
		}
		case 'edit':
			if (!doc) return;
			seq++;
			typeEdit(doc, key);
			return;
		case 'status': {
			const status = peers?.status;
			send({ type: 'status', webrtcPeers: status?.webrtcPeers ?? 0, relay: status?.relay ?? 'deconnecte', state: status?.state });
			return;
		}
		case 'report':
			send({ type: 'report', delays: delays.splice(0), edits: seq, exceptions });
			return;
		case 'stop':
			peers?.destroy();
			setTimeout(() => process.exit(0), 200);
	}
});
process.on('disconnect', () => process.exit(0));
// A page survives an exception thrown in an event handler (the browser logs it); so does this device
// (`ws` throws where a browser's WebSocket would only fail one send), counting them for the report.
let exceptions = 0;
process.on('uncaughtException', () => void exceptions++);
send({ type: 'loaded' });
