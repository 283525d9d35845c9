// Free notes and decisions: one shared text.   body  Y.Text
import * as Y from 'yjs';

type Sheet = Y.Map<unknown>;

export function init(sheet: Sheet): void {
	sheet.set('body', new Y.Text());
}

export function bodyText(sheet: Sheet): Y.Text {
	return sheet.get('body') as Y.Text;
}

export function completion(sheet: Sheet): number {
	return bodyText(sheet).toString().trim() === '' ? 0 : 1;
}
