// French labels of the kit's enumerations, shared by pages, filters and (later) reports.
import type { WorksheetType } from './schema.ts';

export const FAMILY_LABELS: Record<string, string> = {
	regie: 'Régie',
	public: 'Structure publique',
	mixte: 'Économie mixte',
	cooperatif: 'Coopérative',
	associatif: 'Association',
	contrat: 'Contrat'
};

export const PROGRAM_LABELS: Record<string, string> = {
	capacities: 'CAPACities',
	'acv-data': 'Action Cœur de Ville Data',
	autre: 'Autre démarche'
};

export const THEME_LABELS: Record<string, string> = {
	mobilite: 'Mobilité',
	environnement: 'Environnement et nature',
	risques: 'Risques',
	energie: 'Énergie et climat',
	eau: 'Eau',
	tourisme: 'Tourisme',
	urbanisme: 'Urbanisme',
	gouvernance: 'Gouvernance de la donnée'
};

export const WORKSHEET_LABELS: Record<WorksheetType, string> = {
	grid: 'Grille de questions',
	checklist: 'Check-list',
	comparator: 'Comparateur',
	clauses: 'Panier de clauses',
	inventory: 'Inventaire',
	notes: 'Notes libres'
};

export function minutes(total: number): string {
	if (total < 60) return `${total}\u00a0min`;
	const h = Math.floor(total / 60);
	const m = total % 60;
	return m === 0 ? `${h}\u00a0h` : `${h}\u00a0h\u00a0${String(m).padStart(2, '0')}`;
}
