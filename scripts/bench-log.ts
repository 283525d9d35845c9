// The edit log every peer bench shares (Node and browser): each device writes its send time under its own
// key of the `log` map, and every receiver records how long each remote edit took to arrive. Times are
// performance.timeOrigin + performance.now(), derived from the system clock, so they compare across the
// processes of one machine.
import type * as Y from 'yjs';

export const now = () => performance.timeOrigin + performance.now();

/** Pushes into `sink` the delay of every remote edit of `doc`'s log. */
export function recordDelays(doc: Y.Doc, sink: number[]): void {
	const log = doc.getMap<number>('log');
	log.observe((event) => {
		if (event.transaction.local) return;
		const at = now();
		for (const key of event.keysChanged) {
			const sentAt = log.get(key);
			if (typeof sentAt === 'number') sink.push(at - sentAt);
		}
	});
}

/** One edit as a person types it (a character) with its send time under `key`. */
export function typeEdit(doc: Y.Doc, key: string): void {
	doc.transact(() => {
		doc.getText('t').insert(doc.getText('t').length, 'x');
		doc.getMap<number>('log').set(key, now());
	});
}
