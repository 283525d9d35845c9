// The document model of an atelier: pure TypeScript on Yjs. No Svelte, no DOM, no storage, no network.
export * from './atelier.ts';
export * from './errors.ts';
export * from './templates.ts';
export { newId } from './ids.ts';
export { diffText, setText, transformIndex, watchText, type SharedText, type TextChange, type TextDelta } from './text.ts';
export { migrate, MIGRATIONS, type Migration, type MigrationResult } from './migrations.ts';
export * as grid from './grid.ts';
export * as checklist from './checklist.ts';
export * as comparator from './comparator.ts';
export * as basket from './basket.ts';
export * as inventory from './inventory.ts';
export * as notes from './notes.ts';
export { checkUpdate, applyCheckedUpdate, MAX_UPDATE_BYTES, type UpdateProblem } from './updates.ts';
export * as facilitation from './facilitation/index.ts';
