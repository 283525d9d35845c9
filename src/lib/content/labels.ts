// French labels of the kit's enumerations, shared by pages, filters and (later) reports.
import { SHEET_TYPE_LABELS } from '../shared/french.ts';
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

export const WORKSHEET_LABELS: Record<WorksheetType, string> = SHEET_TYPE_LABELS;
