// How much of the site's frame a screen shows. A participant in an atelier gets the atelier alone: no
// kit navigation, no search, a compact header (set by the atelier page, read by the layout).
export const chrome = $state({ compact: false });
