import type { HandleClientError } from '@sveltejs/kit';

// A mistyped address is a normal event, not an error to log; anything else is logged for support.
export const handleError: HandleClientError = ({ error, status }) => {
	if (status === 404) return { message: 'Page introuvable' };
	console.error(error);
	return { message: 'Une erreur inattendue est survenue' };
};
