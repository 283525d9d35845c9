// Facilitation state shared by every device: roles, timer, dot-votes, sheet rules and follow-me,
// agenda. Pure Yjs, in the document's "facilitation" map (and the "agenda" array).
export { isFacilitator, requireFacilitator, setCoFacilitator } from './roles.ts';
export * from './timer.ts';
export * from './votes.ts';
export * from './rules.ts';
export * from './agenda.ts';
export * from './permissions.ts';
