// One adapter per kind of sheet, between the editors and the document. Each keeps a snapshot of its
// sheet in plain data (`$state.raw`), read again only when that sheet changes (a grid's answers are not
// in it: its fields read them through their text bindings, so typing does not re-read the grid), and
// offers the sheet's intents (addRow, choose, setWeight…). Every write goes through the session's gate.
import * as Y from 'yjs';
import {
	basket,
	checklist,
	comparator,
	grid,
	inventory,
	notes,
	sheetTemplate,
	type ClausesTemplate,
	type ComparatorTemplate,
	type NotesTemplate
} from '$lib/model';
import { SharedTextBinding, type SheetWrite, type TextBinding } from './text.ts';

/** What the session gives an adapter: the sheet, who this device's person is, and the write gate. */
export interface SheetContext {
	id: string;
	sheet: Y.Map<unknown>;
	me(): string;
	/** Runs `operation` if this person may edit the sheet now; a refusal is shown by the session. */
	write: SheetWrite;
}

abstract class SheetView<T> {
	readonly id: string;
	snapshot = $state.raw<T>() as T;
	protected readonly sheet: Y.Map<unknown>;
	protected readonly context: SheetContext;
	#bindings = new Map<string, TextBinding>();
	#stop: () => void;
	/** The adapter's own writes: their origin. */
	readonly #origin = {};
	/**
	 * This device's own edits of this sheet, to undo and redo: only transactions whose origin is this
	 * adapter or one of its text bindings are tracked, so an edit from another device (or a merged backup)
	 * is never undone; undoing a deletion brings back what was deleted, whoever had written it.
	 */
	readonly #history: Y.UndoManager;
	canUndo = $state(false);
	canRedo = $state(false);

	constructor(context: SheetContext) {
		this.id = context.id;
		this.sheet = context.sheet;
		this.context = context;
		this.snapshot = this.read();
		this.#history = new Y.UndoManager(this.sheet, { trackedOrigins: new Set([this.#origin]), captureTimeout: 600 });
		const stacks = () => {
			this.canUndo = this.#history.canUndo();
			this.canRedo = this.#history.canRedo();
		};
		for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) this.#history.on(event, stacks);
		const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
			if (events.some((event) => this.changes(event))) this.snapshot = this.read();
		};
		this.sheet.observeDeep(observer);
		this.#stop = () => this.sheet.unobserveDeep(observer);
	}

	/** The sheet as plain data. */
	protected abstract read(): T;

	/** Whether a change of the sheet changes the snapshot (by default, every change). */
	protected changes(_event: Y.YEvent<Y.AbstractType<unknown>>): boolean {
		return true;
	}

	/** One write of this sheet: checked, in one transaction; false when refused. */
	protected write(operation: () => void): boolean {
		return this.context.write(operation, this.#origin);
	}

	/**
	 * Undoes this person's last edit of the sheet (keystrokes less than 0.6 s apart make one), through the
	 * gate: a locked sheet refuses it. The undo manager makes its own transaction (null origin to the
	 * gate), so the undo lands on the redo stack. False when there was nothing to undo or it was refused.
	 */
	undo(): boolean {
		if (!this.#history.canUndo()) return false;
		return this.context.write(() => void this.#history.undo(), null);
	}

	redo(): boolean {
		if (!this.#history.canRedo()) return false;
		return this.context.write(() => void this.#history.redo(), null);
	}

	/** The binding of one shared text (kept, so a field keeps the same binding across renders). */
	protected text(key: string, find: () => Y.Text | null, ensure: () => Y.Text): TextBinding {
		let binding = this.#bindings.get(key);
		if (!binding) {
			binding = new SharedTextBinding({
				sheetId: this.id,
				cell: `${this.id}:${key}`,
				sheet: this.sheet,
				find,
				ensure,
				write: this.context.write
			});
			// A binding's typing is written with the binding as origin: its own edits, to undo.
			this.#history.addTrackedOrigin(binding);
			this.#bindings.set(key, binding);
		}
		return binding;
	}

	destroy(): void {
		this.#stop();
		this.#history.destroy();
		this.#bindings.clear();
	}
}

export class GridView extends SheetView<ReturnType<typeof grid.readStructure>> {
	readonly type = 'grid';

	protected read() {
		return grid.readStructure(this.sheet);
	}

	/** Answers are read by their fields; rows, columns, questions and choices change the snapshot, and
	 * the action columns' texts (whether a row has an action decides if its action fields show). */
	protected override changes(event: Y.YEvent<Y.AbstractType<unknown>>): boolean {
		if (!(event instanceof Y.YTextEvent)) return true;
		const sub = event.target._item?.parentSub;
		// An older device may still type a deadline or a priority as text: « Saisie précédente » follows it.
		return sub === 'question' || sub === 'acteur' || sub === 'echeance' || sub === 'priorite';
	}

	/** A deadline (« 2027-03 » or « 2027-03-15 ») or a priority (« haute »…); '' clears it. */
	choose(rowId: string, columnId: string, value: string): boolean {
		return this.write(() => grid.setChoice(this.sheet, rowId, columnId, value));
	}

	/** Marks the row's answer as a decision of the atelier (or not). */
	decide(rowId: string, decision: boolean): boolean {
		return this.write(() => grid.setDecision(this.sheet, rowId, decision));
	}

	cell(rowId: string, columnId: string): TextBinding {
		return this.text(
			`${rowId}:${columnId}`,
			() => grid.findCell(this.sheet, rowId, columnId),
			() => grid.ensureCell(this.sheet, rowId, columnId)
		);
	}

	/** A question added in the atelier (the kit's questions do not change). */
	question(rowId: string): TextBinding {
		return this.text(
			`${rowId}:question`,
			() => grid.findQuestion(this.sheet, rowId),
			() => grid.questionText(this.sheet, rowId)
		);
	}

	addRow(question: string): boolean {
		return this.write(() => grid.addRow(this.sheet, question));
	}

	addColumn(label: string): boolean {
		return this.write(() => grid.addColumn(this.sheet, label));
	}

	removeRow(rowId: string): boolean {
		return this.write(() => grid.removeRow(this.sheet, rowId));
	}
}

export class ChecklistView extends SheetView<ReturnType<typeof checklist.readChecklist>> {
	readonly type = 'checklist';

	protected read() {
		return checklist.readChecklist(this.sheet);
	}

	choose(itemId: string, status: checklist.Status | null): boolean {
		return this.write(() => checklist.setStatus(this.sheet, itemId, status));
	}

	justification(itemId: string): TextBinding {
		return this.itemText(itemId, 'justification');
	}

	comment(itemId: string): TextBinding {
		return this.itemText(itemId, 'comment');
	}

	private itemText(itemId: string, kind: checklist.ItemText): TextBinding {
		return this.text(
			`${itemId}:${kind}`,
			() => checklist.findItemText(this.sheet, itemId, kind),
			() => checklist.ensureItemText(this.sheet, itemId, kind)
		);
	}
}

export interface ComparatorSnapshot {
	template: ComparatorTemplate;
	/** Everyone's ranking, and this person's own (shown while the group's is hidden). */
	ranking: comparator.RankedVehicle[];
	myRanking: comparator.RankedVehicle[];
	/** This person's weights, and scores by vehicle and criterion (the kit's when they gave none). */
	weights: Record<string, number>;
	scores: Record<string, Record<string, { value: number; own: boolean }>>;
	scoreSpread: Record<string, Record<string, comparator.Spread>>;
	weightSpread: Record<string, comparator.Spread>;
	/** How many people weighed at least one criterion, and whether this person did: no one, no ranking. */
	weighers: number;
	iWeighed: boolean;
}

export class ComparatorView extends SheetView<ComparatorSnapshot> {
	readonly type = 'comparator';

	protected read(): ComparatorSnapshot {
		const template = sheetTemplate<ComparatorTemplate>(this.sheet);
		const me = this.context.me();
		const scores: ComparatorSnapshot['scores'] = {};
		for (const vehicle of template.vehicles) {
			const row: Record<string, { value: number; own: boolean }> = {};
			for (const criterion of template.criteria) row[criterion.id] = comparator.scoreOf(this.sheet, me, vehicle.id, criterion.id);
			scores[vehicle.id] = row;
		}
		const voters = comparator.voters(this.sheet);
		return {
			template,
			weighers: voters.length,
			iWeighed: voters.includes(me),
			ranking: comparator.ranking(this.sheet),
			myRanking: comparator.ranking(this.sheet, [me]),
			weights: me ? comparator.weightsOfParticipant(this.sheet, me) : {},
			scores,
			scoreSpread: comparator.scoreSpread(this.sheet),
			weightSpread: comparator.weightSpread(this.sheet)
		};
	}

	setWeight(criterionId: string, value: number): boolean {
		return this.write(() => comparator.setWeight(this.sheet, this.context.me(), criterionId, value));
	}

	setScore(vehicleId: string, criterionId: string, value: number): boolean {
		return this.write(() => comparator.setScore(this.sheet, this.context.me(), vehicleId, criterionId, value));
	}
}

export class BasketView extends SheetView<{ template: ClausesTemplate; items: basket.BasketItem[] }> {
	readonly type = 'clauses';

	protected read() {
		return { template: sheetTemplate<ClausesTemplate>(this.sheet), items: basket.readBasket(this.sheet) };
	}

	add(clauseId: string): boolean {
		return this.write(() => basket.addClause(this.sheet, clauseId, 'souhaitable', this.context.me()));
	}

	setPriority(clauseId: string, priority: basket.Priority): boolean {
		return this.write(() => basket.setPriority(this.sheet, clauseId, priority));
	}

	remove(clauseId: string): boolean {
		return this.write(() => basket.removeClause(this.sheet, clauseId));
	}

	note(clauseId: string): TextBinding {
		const find = () => {
			try {
				return basket.noteText(this.sheet, clauseId);
			} catch {
				return null;
			}
		};
		return this.text(`${clauseId}:note`, find, () => basket.noteText(this.sheet, clauseId));
	}
}

export class InventoryView extends SheetView<ReturnType<typeof inventory.readInventory>> {
	readonly type = 'inventory';

	protected read() {
		return inventory.readInventory(this.sheet);
	}

	addRow(): boolean {
		return this.write(() => inventory.addRow(this.sheet));
	}

	removeRow(rowId: string): boolean {
		return this.write(() => inventory.removeRow(this.sheet, rowId));
	}

	setValue(rowId: string, columnId: string, value: string | boolean | null): boolean {
		return this.write(() => inventory.setValue(this.sheet, rowId, columnId, value));
	}

	cell(rowId: string, columnId: string): TextBinding {
		return this.text(
			`${rowId}:${columnId}`,
			() => inventory.findCellText(this.sheet, rowId, columnId),
			() => inventory.ensureCellText(this.sheet, rowId, columnId)
		);
	}
}

export class NotesView extends SheetView<{ prompt: string }> {
	readonly type = 'notes';

	protected read() {
		return { prompt: sheetTemplate<NotesTemplate>(this.sheet).prompt ?? '' };
	}

	/** The body is read by its field: typing does not touch the snapshot. */
	protected override changes(event: Y.YEvent<Y.AbstractType<unknown>>): boolean {
		return !(event instanceof Y.YTextEvent);
	}

	body(): TextBinding {
		return this.text(
			'body',
			() => notes.bodyText(this.sheet) ?? null,
			() => notes.bodyText(this.sheet)
		);
	}
}

export type AnySheetView = GridView | ChecklistView | ComparatorView | BasketView | InventoryView | NotesView;

const VIEWS = {
	grid: GridView,
	checklist: ChecklistView,
	comparator: ComparatorView,
	clauses: BasketView,
	inventory: InventoryView,
	notes: NotesView
} as const;

/** The adapter for a sheet of the given type; null for a type this version does not know (a newer device's sheet). */
export function sheetView(type: unknown, context: SheetContext): AnySheetView | null {
	const View = typeof type === 'string' && Object.hasOwn(VIEWS, type) ? VIEWS[type as keyof typeof VIEWS] : null;
	return View ? new View(context) : null;
}

/** The session's adapters: one per open sheet, kept while its sheet is the same shared map. */
export class SheetViews {
	// Not reactive on purpose: the session's `version` is.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#views = new Map<string, { sheet: Y.Map<unknown>; view: AnySheetView }>();
	#make: (id: string, sheet: Y.Map<unknown>) => SheetContext;

	constructor(make: (id: string, sheet: Y.Map<unknown>) => SheetContext) {
		this.#make = make;
	}

	get(id: string, sheet: Y.Map<unknown>): AnySheetView | null {
		const known = this.#views.get(id);
		if (known?.sheet === sheet) return known.view;
		known?.view.destroy();
		this.#views.delete(id);
		const view = sheetView(sheet.get('type'), this.#make(id, sheet));
		if (view) this.#views.set(id, { sheet, view });
		return view;
	}

	/** Drops every adapter (closing, or this person changed: adapters read who they are). */
	clear(): void {
		for (const { view } of this.#views.values()) view.destroy();
		this.#views.clear();
	}
}
