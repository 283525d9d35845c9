// The report as Markdown: readable as plain text, and rendered by any Markdown tool. Every value
// typed in the atelier is escaped, so it comes out as text (a typed « # » or « <script> » stays text).
import { KIT_CREDIT, STATUS_TEXT, type Report, type ReportSheet } from './report.ts';

/** Escapes Markdown syntax and HTML in user text; keeps line breaks as Markdown hard breaks. */
export function escapeMarkdown(text: string): string {
	return text
		.replace(/\\/g, '\\\\')
		.replace(/([`*_{}[\]#|>~])/g, '\\$1')
		.replace(/</g, '&lt;')
		.split(/\r?\n/)
		// Line starts that would open a list or a heading: « - », « + », « 1. ».
		.map((line) => line.replace(/^(\s*)([-+])(?=\s)/, '$1\\$2').replace(/^(\s*\d+)\.(?=\s)/, '$1\\.'))
		.join('  \n');
}

/** A table cell: also no raw line break (a table row is one line). */
function cell(text: string): string {
	return escapeMarkdown(text).replace(/ {2}\n/g, '<br>') || ' ';
}

function table(headers: string[], rows: string[][]): string {
	return [`| ${headers.map(cell).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

const percent = (score: number | null) => (score === null ? '—' : `${Math.round(score * 100)} %`);
const decimal = (n: number) => n.toLocaleString('fr-FR', { maximumFractionDigits: 1 });

export function sheetMarkdown(sheet: ReportSheet): string {
	const out: string[] = [`## ${escapeMarkdown(sheet.title)}`];
	switch (sheet.kind) {
		case 'grid': {
			let section: string | undefined;
			for (const row of sheet.rows) {
				if (row.section && row.section !== section) {
					section = row.section;
					out.push(`### ${escapeMarkdown(section)}`);
				}
				out.push(`**${row.number}. ${escapeMarkdown(row.question)}**${row.custom ? ' (question ajoutée en atelier)' : ''}`);
				const lines = sheet.columns.map((c) => `- ${escapeMarkdown(c.label)} : ${row.cells[c.id]?.trim() ? escapeMarkdown(row.cells[c.id]!.trim()) : '—'}`);
				out.push(lines.join('\n'));
			}
			break;
		}
		case 'checklist':
			out.push(`Score global : **${percent(sheet.overall.score)}** (${sheet.overall.answered} réponses sur ${sheet.overall.total}).`);
			for (const axis of sheet.axes) {
				out.push(`### ${escapeMarkdown(axis.code)}. ${escapeMarkdown(axis.title)} — ${percent(axis.score.score)}`);
				out.push(
					table(
						['Critère', 'Réponse', 'Justification ou commentaire'],
						axis.items.map((i) => [i.text, STATUS_TEXT[i.status] ?? i.status, [i.justification, i.comment].filter((t) => t.trim()).join(' — ')])
					)
				);
			}
			break;
		case 'comparator':
			out.push(`${sheet.voters} participant(s) ont donné leurs poids et leurs notes.`);
			out.push(
				table(
					['Rang', 'Structure', 'Note pondérée (sur 5)', 'Écart des avis'],
					sheet.ranking.map((r) => [String(r.rank), r.title, decimal(r.mean), r.count > 1 ? `${decimal(r.min)} à ${decimal(r.max)} (${r.count} avis)` : '—'])
				)
			);
			out.push(table(['Critère', 'Poids moyen', 'Écart'], sheet.criteria.map((c) => [c.title, c.weight.count ? decimal(c.weight.mean) : '—', c.weight.count > 1 ? `${decimal(c.weight.min)} à ${decimal(c.weight.max)}` : '—'])));
			break;
		case 'clauses':
			if (sheet.items.length === 0) out.push('Aucune clause retenue.');
			else out.push(table(['Clause', 'Thème', 'Priorité', 'Notes'], sheet.items.map((i) => [i.title, i.theme, i.priority, i.note])));
			break;
		case 'inventory':
			if (sheet.rows.length === 0) out.push('Inventaire vide.');
			else out.push(table(sheet.columns.map((c) => c.label), sheet.rows.map((r) => sheet.columns.map((c) => r[c.id] ?? ''))));
			break;
		case 'notes':
			if (sheet.prompt) out.push(`*${escapeMarkdown(sheet.prompt)}*`);
			out.push(sheet.body.trim() ? escapeMarkdown(sheet.body.trim()) : '—');
			break;
	}
	return out.join('\n\n');
}

export function reportMarkdown(report: Report): string {
	const { meta } = report;
	const out: string[] = [`# ${escapeMarkdown(meta.title)}`];
	const facts = [
		meta.date ? `- Date : ${new Date(`${meta.date}T12:00:00`).toLocaleDateString('fr-FR', { dateStyle: 'long' })}` : '',
		meta.territory ? `- Territoire : ${escapeMarkdown(meta.territory)}` : '',
		meta.place ? `- Lieu : ${escapeMarkdown(meta.place)}` : ''
	].filter(Boolean);
	if (facts.length) out.push(facts.join('\n'));
	if (report.participants.length) {
		out.push('## Participants');
		out.push(report.participants.map((g) => `- ${escapeMarkdown(g.role)} : ${g.names.map(escapeMarkdown).join(', ')}`).join('\n'));
	}
	for (const sheet of report.sheets) out.push(sheetMarkdown(sheet));
	if (report.actions.length) {
		out.push('## Plan d’action');
		out.push(table(['Échéance', 'Acteur responsable', 'Action ou réponse', 'Question', 'Priorité', 'Fiche'], report.actions.map((a) => [a.deadline, a.owner, a.answer, a.question, a.priority, a.sheet])));
	}
	out.push('## Sources');
	out.push(escapeMarkdown(KIT_CREDIT));
	return `${out.join('\n\n')}\n`;
}
