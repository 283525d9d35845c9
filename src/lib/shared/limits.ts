// One size rule for an atelier, shared by the devices and the atelier server. A room the relay keeps
// must always load on a new device, which receives it as a single Yjs update: so the largest room the
// relay stores (and the largest atelier a backup may bring in) is below the largest update a device
// accepts, with a margin for what the relay cannot measure between two exact measurements (an edit
// that splits existing items grows the encoded room by more than its own size).
//
//   backup import ≤ MAX_ROOM_BYTES (6 MiB) < MAX_UPDATE_BYTES (8 MiB) ≤ relay frame (8 MiB + 64 KiB)
//
// A full-day atelier (30 participants × 10 sheets) is about 0.2 MB: these limits are two orders of
// magnitude above real use and exist so that a mistake or a hostile client cannot lock a room.

const MiB = 1024 * 1024;

/** Largest atelier (encoded Yjs state) the relay keeps and a backup may bring in. */
export const MAX_ROOM_BYTES = 6 * MiB;

/** Largest single update a device accepts from a peer or the relay. */
export const MAX_UPDATE_BYTES = 8 * MiB;

/** Largest relay frame: one update plus the Hocuspocus framing (document name, message types, lengths). */
export const MAX_RELAY_FRAME_BYTES = MAX_UPDATE_BYTES + 64 * 1024;

/**
 * Largest backup file read at all: the state in base64 (4/3 of MAX_ROOM_BYTES) plus its readable copy
 * of the report. The file's size is checked before it is read.
 */
export const MAX_BACKUP_FILE_BYTES = 32 * MiB;

/** A size in the French way, for messages: « 6 Mo ». */
export function formatMegabytes(bytes: number): string {
	const mb = bytes / MiB;
	return `${Number.isInteger(mb) ? mb : mb.toFixed(1).replace('.', ',')}\u00a0Mo`;
}
