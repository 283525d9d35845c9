// The plain types and labels the screens use, with no Yjs type among them: components import these
// from here, never from the model.
export { ROLE_LABELS, type Participant, type Role, type SheetSummary, type AtelierMeta } from '$lib/model/atelier';
export {
	RULES,
	RULE_LABELS,
	PERMISSIONS,
	PERMISSION_LABELS,
	type Permission,
	type Permissions,
	VOTE_BUDGET_MAX,
	type AgendaItem,
	type AgendaView,
	type Rule,
	type SheetRule,
	type VotingState
} from '$lib/model/facilitation/index';
export { STATUSES, STATUS_LABELS, type Score, type Status } from '$lib/model/checklist';
export { PRIORITIES, PRIORITY_LABELS, type Priority } from '$lib/model/basket';
export { PRIORITIES as ACTION_PRIORITIES, PRIORITY_LABELS as ACTION_PRIORITY_LABELS, type Choice, type GridColumn } from '$lib/model/grid';
export type { TextBinding } from './text.ts';
export type { AnySheetView, BasketView, ChecklistView, ComparatorView, GridView, InventoryView, NotesView } from './sheets.svelte.ts';
export type { NewAgendaStep } from './facilitation.ts';
export type { TimerView } from './countdown.ts';
