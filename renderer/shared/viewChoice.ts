/** Where the view a person last chose for a page (or a view like My work) is kept on this device. */
export const viewChoiceKey = (pageId: string) => `baton:view:${pageId}`;
