// How much of the site's frame a screen shows. Inside an atelier the work comes first: no kit
// navigation, no search, a compact header (set by the atelier page, read by the layout); the
// facilitator keeps one link to the kit.
export const chrome = $state({ compact: false, kitLink: false });
