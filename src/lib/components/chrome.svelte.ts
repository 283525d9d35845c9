// How much of the site's frame a screen shows. Inside an atelier the work comes first: the layout
// gives every atelier route a compact header with no kit navigation and no search; the atelier page
// says when its person is a facilitator, who keeps one link to the kit.
export const chrome = $state({ kitLink: false });
