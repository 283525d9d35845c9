// Joining an atelier from a link or a typed code: the atelier is recorded on this device under its
// room id, with the code and who uses the device, and then opened. Nothing existing is overwritten:
// joining an atelier already on this device keeps its content and only updates the name.
import { newId, type Role } from '$lib/model';
import { invitationFromFragment, roomFromCode, RoomCodeError, type Room } from '$lib/shared/room';
import { AtelierStore, storageMessage } from '$lib/storage/store';
import { rememberName } from './person.ts';

export type JoinResult = { ok: true; id: string } | { ok: false; message: string };

export function readJoinFragment(fragment: string): { room: Room; title: string | null } | { error: string } {
	try {
		return invitationFromFragment(fragment);
	} catch (error) {
		return { error: error instanceof RoomCodeError ? error.message : 'Ce lien d’invitation est illisible.' };
	}
}

export function readTypedCode(input: string): { room: Room } | { error: string } {
	try {
		return { room: roomFromCode(input) };
	} catch (error) {
		return { error: error instanceof RoomCodeError ? error.message : 'Ce code est illisible.' };
	}
}

export async function join(room: Room, person: { name: string; role: Role }, store = new AtelierStore()): Promise<JoinResult> {
	const name = person.name.trim();
	if (!name) return { ok: false, message: 'Indiquez votre nom ou un pseudonyme\u00a0: il sera visible des autres participants.' };
	try {
		const existing = await store.record(room.id);
		const participantId = existing?.me?.participantId ?? newId();
		const role = existing?.me?.role === 'animateur' ? 'animateur' : person.role;
		await store.saveRecord(room.id, { code: room.code, me: { participantId, name, role } });
		rememberName(name);
		return { ok: true, id: room.id };
	} catch (error) {
		return { ok: false, message: storageMessage(error) };
	}
}
