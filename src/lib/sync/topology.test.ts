import { describe, expect, it } from 'vitest';
import { MESH_AGAIN_AFTER_MS, MESH_MAX_DEVICES, STAR_AFTER_MS, STAR_LEAVE_AT, wantsMesh } from './topology.ts';

describe('topology of a room', () => {
	it('meshes a small room, and a large one whose relay does not store', () => {
		expect(wantsMesh(true, MESH_MAX_DEVICES, 0, 60_000)).toBe(true);
		expect(wantsMesh(true, 30, Infinity, 60_000)).toBe(true);
		expect(wantsMesh(true, 30, 500, 60_000)).toBe(true);
	});

	it('leaves the mesh only after the room stayed crowded a while, with the relay storing', () => {
		expect(wantsMesh(true, MESH_MAX_DEVICES + 1, 0, 0)).toBe(true);
		expect(wantsMesh(true, MESH_MAX_DEVICES + 1, 0, STAR_AFTER_MS - 1)).toBe(true);
		expect(wantsMesh(true, MESH_MAX_DEVICES + 1, 0, STAR_AFTER_MS)).toBe(false);
	});

	it('comes back to the mesh well below the threshold, or when the relay stays away (not for a restart)', () => {
		expect(wantsMesh(false, MESH_MAX_DEVICES, 0, 0)).toBe(false);
		expect(wantsMesh(false, STAR_LEAVE_AT + 1, 0, 0)).toBe(false);
		expect(wantsMesh(false, STAR_LEAVE_AT, 0, 0)).toBe(true);
		expect(wantsMesh(false, 30, MESH_AGAIN_AFTER_MS - 1, 60_000)).toBe(false);
		expect(wantsMesh(false, 30, MESH_AGAIN_AFTER_MS, 60_000)).toBe(true);
	});
});
