// A text field's link to one shared text of the atelier, with no Yjs type in sight of the component.
// Typing applies only the changed span, through the session's write gate (so a locked sheet refuses
// it like any other edit); changes from elsewhere come back with where the caret should land.
import * as Y from 'yjs';
import { setText, transformIndex, type TextDelta } from '$lib/model';

/** What a text field needs: the value, a way to change it, and news of changes made elsewhere. */
export interface TextBinding {
	readonly sheetId: string;
	/** The presence cell this field stands for (`sheet:row:column`), shown to the others as « modifie ce champ ». */
	readonly cell: string;
	value(): string;
	/** Applies the field's new value as the smallest change. False when refused: the field should show `value()` again. */
	set(value: string): boolean;
	/** Calls `listener` after every change not typed through this binding, with where a caret at `index` lands. */
	watch(listener: (value: string, caret: (index: number) => number) => void): () => void;
}

/** How a sheet adapter writes: the session's gate (lock and role checks, one transaction, refusals shown). */
/** A null origin: the operation makes its own transaction (see gate.ts). */
export type SheetWrite = (operation: () => void, origin: object | null) => boolean;

const unchanged = (index: number) => index;

export class SharedTextBinding implements TextBinding {
	readonly sheetId: string;
	readonly cell: string;
	#sheet: Y.Map<unknown>;
	#find: () => Y.Text | null;
	#ensure: () => Y.Text;
	#write: SheetWrite;

	/**
	 * `find` reads the text without creating anything (null when it is not there: a cell added
	 * concurrently with its column); `ensure` runs on the write path and creates it.
	 */
	constructor(options: {
		sheetId: string;
		cell: string;
		sheet: Y.Map<unknown>;
		find: () => Y.Text | null;
		ensure: () => Y.Text;
		write: SheetWrite;
	}) {
		this.sheetId = options.sheetId;
		this.cell = options.cell;
		this.#sheet = options.sheet;
		this.#find = options.find;
		this.#ensure = options.ensure;
		this.#write = options.write;
	}

	value(): string {
		return this.#find()?.toString() ?? '';
	}

	set(value: string): boolean {
		if (value === this.value()) return true;
		return this.#write(() => setText(this.#ensure(), value, this), this);
	}

	watch(listener: (value: string, caret: (index: number) => number) => void): () => void {
		// Watching the sheet rather than the text: the text may not exist yet, or be replaced. The text is
		// looked up again only after a change of structure; a keystroke elsewhere costs one comparison.
		let text = this.#find();
		const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
			let caret: ((index: number) => number) | null = null;
			if (events.some((event) => !(event instanceof Y.YTextEvent))) {
				text = this.#find();
				caret = unchanged;
			}
			if (transaction.origin === this) return;
			for (const event of events) {
				if (event instanceof Y.YTextEvent && event.target === text) {
					const delta = event.delta as TextDelta;
					caret = (index) => transformIndex(delta, index);
				}
			}
			if (caret) listener(text?.toString() ?? '', caret);
		};
		this.#sheet.observeDeep(observer);
		return () => this.#sheet.unobserveDeep(observer);
	}
}
