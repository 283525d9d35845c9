/** An operation the model refuses. `message` is French and can be shown to the user as is. */
export class ModelError extends Error {
	override name = 'ModelError';
}
