// A string of HTML that went through DOMPurify. Only the sanitiser produces it (see
// markdown.server.ts), and the Prose component only accepts it, so raw HTML cannot reach `{@html}`
// by accident: TypeScript refuses a plain string.
declare const safeHtmlBrand: unique symbol;
export type SafeHtml = string & { readonly [safeHtmlBrand]: true };

/** Marks sanitiser output. Call it only on the return value of DOMPurify. */
export const markSanitized = (html: string): SafeHtml => html as SafeHtml;
