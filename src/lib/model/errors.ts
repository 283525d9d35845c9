import { frenchTypography } from '../shared/french.ts';

/**
 * An operation the model refuses. `message` is French, with French typography (non-breaking spaces
 * before « : ; ! ? » and inside guillemets), and can be shown to the user as is.
 */
export class ModelError extends Error {
	override name = 'ModelError';

	constructor(message: string) {
		super(frenchTypography(message));
	}
}
