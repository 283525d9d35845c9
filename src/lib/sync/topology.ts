// The topology of a room: a WebRTC mesh for a small room, a star through the relay for a large one
// (docs/ARCHITECTURE.md, « Topology of a room »). Pure, so the rule is tested; AtelierPeers applies it.
/**
 * Devices in a room up to which they mesh over WebRTC (docs/ARCHITECTURE.md). y-webrtc
 * floods: every device sends every update it receives to all its peers, so a mesh of n devices carries about n²
 * messages per edit. Above this size, while the relay is live and storing, a device leaves the mesh and the room
 * is a star through the relay; it meshes again when the relay falls silent or refuses, or the room shrinks to
 * STAR_LEAVE_AT devices. Measured in `npm run bench` (scripts/bench-room.ts).
 */
export const MESH_MAX_DEVICES = 8;
export const STAR_LEAVE_AT = 6;
/** How long a room must stay above MESH_MAX_DEVICES before a device leaves the mesh (a late arrival, a reload). */
export const STAR_AFTER_MS = 3_000;
/**
 * How long the relay must have stopped storing before a star room meshes again: a server restart takes
 * seconds, and thirty devices opening a mesh for that long would cost more than waiting.
 */
export const MESH_AGAIN_AFTER_MS = 10_000;

/**
 * Whether a device should be in the WebRTC mesh now. `relayAwayMs` is 0 while the relay is live and storing,
 * else how long it has not been (Infinity if it never was); `crowdedForMs` how long the room has had more
 * than MESH_MAX_DEVICES devices (0 if it has not).
 */
export function wantsMesh(meshed: boolean, devices: number, relayAwayMs: number, crowdedForMs: number): boolean {
	if (meshed) return !(relayAwayMs === 0 && devices > MESH_MAX_DEVICES && crowdedForMs >= STAR_AFTER_MS);
	return devices <= STAR_LEAVE_AT || relayAwayMs >= MESH_AGAIN_AFTER_MS;
}
