// A cross-atelier synthesis as report blocks (blocks.ts): the same renderers as an atelier's report
// (printable page, DOCX, ODT, Markdown), so a synthesis reads and prints like one. A one-page summary
// first, then each kit sheet side by side, then the sheets added freely.
import { percentText, decimalText, frenchTypography, longDate, typesetAll } from '$lib/shared/french';
import type { Block } from './blocks.ts';
import { KIT_CREDIT } from './report.ts';
import type { Comparison } from './comparison.ts';

export interface SynthesisHeader {
	/** The synthesis's name, e.g. « Synthèse des ateliers du département ». */
	name: string;
	/** ISO date the document is produced. */
	generatedAt: string;
}

const N = '\u00a0';
const list = (names: readonly string[]) => names.join(', ');
const count = (n: number, one: string, many = `${one}s`) => `${n}${N}${n > 1 ? many : one}`;

/** The summary: what a reader who will read only one page needs. */
function summaryItems(c: Comparison): string[] {
	const items: string[] = [];
	const names = (indexes: readonly number[]) => list(indexes.map((i) => c.ateliers[i]?.label ?? ''));
	for (const g of c.grids) {
		const present = (q: (typeof g.questions)[number]) => q.answers.filter((a) => a !== null).length;
		const everywhere = g.questions.filter((q) => present(q) > 1 && q.answers.every((a) => a === null || a !== ''));
		const nowhere = g.questions.filter((q) => q.answers.every((a) => !a));
		const decided = g.questions.filter((q) => q.decisions.some(Boolean));
		const answeredEverywhere =
			everywhere.length === 0
				? 'aucune question n’a reçu de réponse dans tous les ateliers qui l’ont remplie'
				: `${count(everywhere.length, 'question')} ${everywhere.length > 1 ? 'ont reçu' : 'a reçu'} une réponse dans tous les ateliers qui l’ont remplie`;
		items.push(
			`${g.title}${N}: ${answeredEverywhere}, ${count(nowhere.length, 'question')} sans réponse nulle part` +
				(decided.length
					? `${N}; ${count(decided.length, 'décision')} (${decided.length > 1 ? 'questions' : 'question'} ${decided.map((q) => q.number).join(', ')})`
					: '') +
				'.'
		);
	}
	for (const cl of c.checklists) {
		const scored = cl.scores.filter((s) => s?.overall.score != null);
		const mean = scored.length ? scored.reduce((sum, s) => sum + (s?.overall.score ?? 0), 0) / scored.length : null;
		const weak = cl.weakest
			.filter((w) => w.non > 0)
			.slice(0, 3)
			.map((w) => `${w.code} (${count(w.non, 'non', 'non')})`);
		items.push(
			`${cl.title}${N}: score moyen ${mean === null ? 'non calculable' : percentText(mean)} sur ${count(scored.length, 'atelier')}` +
				(weak.length ? `${N}; points les plus souvent « Non »${N}: ${list(weak)}` : '') +
				'.'
		);
	}
	for (const cp of c.comparators) {
		const top = cp.overall.slice(0, 3).map((o) => o.title);
		const disputed = [...cp.overall].sort((a, b) => b.gap - a.gap)[0];
		items.push(
			`${cp.title}${N}: en tête sur l’ensemble, ${top.length ? list(top) : 'aucune réponse'}` +
				(disputed && disputed.gap > 1
					? `${N}; désaccord le plus marqué sur ${disputed.title} (écart de ${count(disputed.gap, 'rang')})`
					: '') +
				'.'
		);
	}
	const shared = c.clauses.filter((cl) => cl.ateliers.length > 1).slice(0, 5);
	if (shared.length)
		items.push(`Clauses retenues dans plusieurs ateliers${N}: ${list(shared.map((cl) => `${cl.title} (${cl.ateliers.length})`))}.`);
	if (c.datasets.length)
		items.push(
			`Jeux de données cités dans plusieurs ateliers${N}: ${list(c.datasets.slice(0, 5).map((d) => `${d.name} (${d.ateliers.length})`))}.`
		);
	if (c.free.length)
		items.push(
			`${count(c.free.length, 'fiche libre', 'fiches libres')} (hors kit), ${c.free.length > 1 ? 'listées' : 'listée'} à part${N}: ${names([...new Set(c.free.map((f) => f.atelier))])}.`
		);
	return items.map(frenchTypography);
}

export function comparisonBlocks(c: Comparison, header: SynthesisHeader): Block[] {
	const who = (i: number) => c.ateliers[i]?.label ?? '';
	const blocks: Block[] = [
		{
			kind: 'title',
			title: frenchTypography(header.name),
			organisation: '',
			logo: null,
			facts: [`Synthèse de ${count(c.ateliers.length, 'atelier')}`, `Établie le ${longDate(header.generatedAt.slice(0, 10))}`]
		},
		{ kind: 'heading', level: 2, text: 'En bref' },
		{ kind: 'list', items: summaryItems(c) },
		{ kind: 'heading', level: 2, text: 'Ateliers comparés' },
		ateliersTable(c),
		{ kind: 'pageBreak' }
	];

	for (const g of c.grids) {
		blocks.push({ kind: 'heading', level: 2, text: g.title });
		const present = g.questions.map((q) => q.answers.map((a, i) => (a === null ? -1 : i)).filter((i) => i >= 0));
		const withSheet = [...new Set(present.flat())];
		blocks.push({
			kind: 'paragraph',
			text: `Grille remplie dans ${count(withSheet.length, 'atelier')}${N}: ${list(withSheet.map(who))}.`,
			muted: true
		});
		for (const q of g.questions) {
			const said = q.answers.flatMap((a, i) => (a ? [[who(i) + (q.decisions[i] ? `${N}— décision` : ''), a]] : []));
			if (!said.length) continue;
			blocks.push({ kind: 'heading', level: 3, text: frenchTypography(`${q.number}. ${q.question}`) });
			blocks.push({ kind: 'table', headers: ['Atelier', 'Réponse'], rows: said });
			const silent = q.answers.flatMap((a, i) => (a === '' ? [who(i)] : []));
			if (silent.length) blocks.push({ kind: 'paragraph', text: `Sans réponse${N}: ${list(silent)}.`, muted: true });
		}
		if (g.added.length) {
			blocks.push({ kind: 'heading', level: 3, text: 'Questions ajoutées par les ateliers' });
			blocks.push({
				kind: 'table',
				headers: ['Atelier', 'Question', 'Réponse'],
				rows: g.added.map((a) => [who(a.atelier), a.question, a.answer])
			});
		}
		const nowhere = g.questions.filter((q) => q.answers.every((a) => !a));
		if (nowhere.length)
			blocks.push({
				kind: 'paragraph',
				text: frenchTypography(`Questions restées sans réponse dans tous les ateliers${N}: ${nowhere.map((q) => q.number).join(', ')}.`),
				muted: true
			});
	}

	for (const cl of c.checklists) {
		blocks.push({ kind: 'heading', level: 2, text: cl.title });
		// Axes by their letter: a column per axis stays narrow enough for a tablet in portrait.
		blocks.push({ kind: 'paragraph', text: cl.axes.map((a) => `${a.code}. ${a.title}`).join(`${N}; `) + '.', muted: true });
		const rows = c.ateliers.flatMap((a, i) => {
			const s = cl.scores[i];
			if (!s) return [];
			return [[a.label, ...cl.axes.map((axis) => scoreText(s.axes[axis.code])), scoreText(s.overall)]];
		});
		blocks.push({ kind: 'table', key: 'checklist-scores', headers: ['Atelier', ...cl.axes.map((a) => a.code), 'Ensemble'], rows });
		blocks.push({
			kind: 'paragraph',
			text: `Score de l’axe, puis points répondus sur points de l’axe${rows.some((row) => row.includes('')) ? `${N}; case vide${N}: axe sans réponse` : ''}.`,
			muted: true
		});
		blocks.push({
			kind: 'chart',
			title: 'Score par axe et par atelier',
			chart: {
				type: 'radars',
				axes: cl.axes.map((a) => a.title),
				series: c.ateliers.flatMap((a, i) => {
					const s = cl.scores[i];
					return s ? [{ label: a.label, values: cl.axes.map((axis) => s.axes[axis.code]?.score ?? null) }] : [];
				})
			}
		});
		if (cl.weakest.length) {
			blocks.push({ kind: 'heading', level: 3, text: 'Points le plus souvent « Non » ou « Partiel »' });
			blocks.push({
				kind: 'table',
				headers: ['Point', 'Non', 'Partiel', 'Ateliers qui ont répondu'],
				rows: cl.weakest.slice(0, 10).map((w) => [`${w.code}. ${w.text}`, String(w.non), String(w.partiel), String(w.answered)])
			});
		}
	}

	for (const cp of c.comparators) {
		blocks.push({ kind: 'heading', level: 2, text: cp.title });
		blocks.push({
			kind: 'table',
			key: 'comparator-overall',
			headers: ['Structure', 'Note moyenne', 'Rang dans chaque atelier', 'Écart de rangs'],
			rows: cp.overall.map((o) => [
				o.title,
				decimalText(o.mean),
				o.ranks.flatMap((r, i) => (r === null ? [] : [`${who(i)}${N}: ${r}`])).join('\n'),
				String(o.gap)
			])
		});
		cp.rankings.forEach((r, i) => {
			if (!r?.length) return;
			blocks.push({ kind: 'heading', level: 3, text: who(i) });
			blocks.push({
				kind: 'table',
				headers: ['Rang', 'Structure', 'Note', 'Avis (min.–max.)'],
				rows: r.slice(0, 5).map((x) => [String(x.rank), x.title, decimalText(x.mean), `${decimalText(x.min)}–${decimalText(x.max)}`])
			});
		});
	}

	if (c.clauses.length) {
		blocks.push({ kind: 'heading', level: 2, text: 'Clauses retenues' });
		blocks.push({
			kind: 'table',
			key: 'clauses',
			headers: ['Clause', 'Thème', 'Ateliers', 'Où'],
			rows: c.clauses.map((cl) => [cl.title, cl.theme, `${cl.ateliers.length} sur ${c.ateliers.length}`, list(cl.ateliers.map(who))])
		});
	}

	if (c.votes.length) {
		blocks.push({ kind: 'heading', level: 2, text: 'Votes par gommettes' });
		blocks.push({
			kind: 'table',
			headers: ['Atelier', 'Fiche', 'Les plus votés'],
			rows: c.votes.map((v) => [who(v.atelier), v.sheet, v.top.map((t) => `${t.label} (${t.dots})`).join('\n')])
		});
	}

	if (c.inventories.some((names) => names.length > 0)) {
		blocks.push({ kind: 'heading', level: 2, text: 'Inventaires de données' });
		blocks.push({
			kind: 'table',
			key: 'inventories',
			headers: ['Atelier', 'Jeux de données', 'Noms'],
			rows: c.ateliers.map((a, i) => [a.label, String(c.inventories[i]?.length ?? 0), (c.inventories[i] ?? []).join('\n')])
		});
		if (c.datasets.length)
			blocks.push({
				kind: 'table',
				key: 'datasets',
				headers: ['Jeu de données cité dans plusieurs ateliers', 'Ateliers'],
				rows: c.datasets.map((d) => [d.name, list(d.ateliers.map(who))])
			});
	}

	if (c.free.length) {
		blocks.push({ kind: 'heading', level: 2, text: 'Fiches libres (hors kit)' });
		blocks.push({
			kind: 'table',
			headers: ['Atelier', 'Fiche', 'Début du contenu'],
			rows: c.free.map((f) => [who(f.atelier), f.title, f.excerpt])
		});
	}

	if (c.setAside.length) {
		blocks.push({ kind: 'heading', level: 2, text: 'Fiches non comptées' });
		blocks.push({
			kind: 'table',
			key: 'set-aside',
			headers: ['Atelier', 'Fiche', 'Raison'],
			rows: c.setAside.map((f) => [
				who(f.atelier),
				f.title,
				f.reason === 'hidden' ? 'Réponses encore masquées par l’animateur' : 'Une autre fiche du même modèle compte déjà pour cet atelier'
			])
		});
	}

	blocks.push({ kind: 'heading', level: 2, text: 'Sources' });
	blocks.push({
		kind: 'paragraph',
		text: frenchTypography(
			'Synthèse établie sur ce poste à partir des ateliers choisis, sans les modifier. Les étapes anonymes restent anonymes, et les réponses masquées ne sont comptées qu’une fois révélées. ' +
				KIT_CREDIT
		),
		muted: true
	});
	// French typography on every text, the ateliers' answers included, as the atelier report does.
	return blocks.map(typesetAll);
}

/** « 75 % (3/4) »: the score and how many points were answered, or '' when nothing applies. */
function scoreText(score: { score: number | null; answered: number; total: number } | undefined): string {
	return score && score.score !== null ? `${percentText(score.score)} (${score.answered}/${score.total})` : '';
}

/** Who, where and when: columns that no atelier fills are left out. */
function ateliersTable(c: Comparison): Block {
	const columns = [
		{ header: 'Atelier', cell: (a: Comparison['ateliers'][number]) => a.title },
		{ header: 'Territoire', cell: (a: Comparison['ateliers'][number]) => a.territory },
		{ header: 'Date', cell: (a: Comparison['ateliers'][number]) => (a.date ? longDate(a.date) : '') },
		{ header: 'Lieu', cell: (a: Comparison['ateliers'][number]) => a.place },
		{ header: 'Participants', cell: (a: Comparison['ateliers'][number]) => String(a.participants) }
	].filter((col) => c.ateliers.some((a) => col.cell(a).trim() !== ''));
	return {
		kind: 'table',
		key: 'ateliers',
		headers: columns.map((col) => col.header),
		rows: c.ateliers.map((a) => columns.map((col) => col.cell(a)))
	};
}

/** All grid answers side by side, for a spreadsheet: one row per question, one column per atelier. */
export function comparisonRows(c: Comparison): string[][] {
	const rows = [['Grille', 'N°', 'Question', ...c.ateliers.map((a) => a.label)]];
	for (const g of c.grids)
		for (const q of g.questions) rows.push([g.title, String(q.number), q.question, ...q.answers.map((a) => (a === null ? '' : a))]);
	return rows;
}
