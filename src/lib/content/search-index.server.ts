// Builds the search documents and the serialised MiniSearch index from the kit (build time).
import { JSDOM } from 'jsdom';
import MiniSearch from 'minisearch';
import { allClauses } from './relations.ts';
import type { Kit } from './schema.ts';
import { SEARCH_OPTIONS, type SearchDoc } from './search.ts';

function plain(html: string): string {
	return (JSDOM.fragment(`<div>${html}</div>`).textContent ?? '').replace(/\s+/g, ' ').trim();
}

function excerpt(text: string, length = 180): string {
	if (text.length <= length) return text;
	const cut = text.slice(0, length);
	return `${cut.slice(0, cut.lastIndexOf(' '))}…`;
}

export function searchDocs(kit: Kit): SearchDoc[] {
	const docs: SearchDoc[] = [];
	const add = (doc: Omit<SearchDoc, 'excerpt'> & { excerpt?: string }) => docs.push({ ...doc, excerpt: doc.excerpt ?? excerpt(doc.text) });
	for (const s of kit.steps) {
		add({
			id: `etape:${s.id}`,
			kind: 'etape',
			title: `${s.order}. ${s.title}`,
			code: '',
			text: `${s.summary} ${plain(s.html)}`,
			url: `/kit/etapes/${s.id}`,
			excerpt: s.summary
		});
	}
	const stepTitles = new Map(kit.steps.map((s) => [s.id, s.title]));
	for (const g of kit.grids) {
		for (const q of g.questions) {
			add({
				id: `question:${q.id}`,
				kind: 'question',
				title: q.text,
				code: '',
				context: stepTitles.get(g.step) ?? '',
				text: [q.why, ...(q.references ?? [])].join(' '),
				url: `/kit/grilles/${g.id}#${q.id}`,
				excerpt: q.why
			});
		}
	}
	for (const a of kit.axes) {
		for (const item of a.items) {
			add({
				id: `nr:${item.id}`,
				kind: 'numerique-responsable',
				title: item.text,
				code: item.id.toUpperCase(),
				context: a.title,
				text: [item.evidence, ...item.references].join(' '),
				url: `/kit/numerique-responsable/${a.id}#${item.id}`,
				excerpt: `${a.title} · ${item.references.join(' ; ')}`
			});
		}
	}
	for (const v of kit.vehicles) {
		add({
			id: `portage:${v.id}`,
			kind: 'portage',
			title: v.title,
			code: v.short,
			text: [v.members, v.procurement, v.governance, v.dataFit, ...v.pros, ...v.cons, ...v.legalBasis, plain(v.html)].join(' '),
			url: `/kit/portage/${v.id}`,
			excerpt: excerpt(plain(v.html) || v.dataFit)
		});
	}
	for (const c of allClauses(kit)) {
		add({
			id: `clause:${c.id}`,
			kind: 'clause',
			title: c.title,
			code: c.id.toUpperCase(),
			context: c.theme.title,
			text: [c.purpose, ...c.points, ...c.references, c.vigilance ?? ''].join(' '),
			url: `/kit/clauses/${c.id}`,
			excerpt: c.purpose
		});
	}
	for (const f of kit.formats) {
		add({
			id: `format:${f.id}`,
			kind: 'format',
			title: f.title,
			code: '',
			text: [f.objective, ...f.sequence.map((s) => s.instruction), ...f.tips, ...f.materials, plain(f.html)].join(' '),
			url: `/kit/carnet/${f.id}`,
			excerpt: f.objective
		});
	}
	for (const c of kit.cases) {
		add({
			id: `cas:${c.id}`,
			kind: 'cas',
			title: c.title,
			code: '',
			text: [c.territory, c.stage, ...c.data, ...c.partners, ...c.lessons, plain(c.html)].join(' '),
			url: `/kit/cas-usage/${c.id}`,
			excerpt: `${c.territory} · ${excerpt(plain(c.html), 140)}`
		});
	}
	for (const t of kit.templates) {
		const inner =
			t.kind === 'inventory' ? t.columns.map((c) => c.label) : t.sections.flatMap((s) => [s.title, ...s.questions.map((q) => q.text)]);
		add({
			id: `modele:${t.id}`,
			kind: 'modele',
			title: t.title,
			code: '',
			text: [...inner, plain(t.html)].join(' '),
			url: `/kit/modeles/${t.id}`
		});
	}
	return docs;
}

export function buildSearchIndex(kit: Kit): MiniSearch<SearchDoc> {
	const index = new MiniSearch<SearchDoc>(SEARCH_OPTIONS);
	index.addAll(searchDocs(kit));
	return index;
}
