/**
 * Ant Design's Select renders its option list as a role="listbox" (id `<field id>_list`) without a name,
 * which axe reports (aria-input-field-name) whenever a list stays open — a multiple choice does, after
 * each pick. The list is named after the field: by the field's own label when the form has one, else
 * by the combobox's aria-label. One observer for the whole client, so no form has to remember it.
 */
export function nameSelectListboxes(root: Node = document.body): MutationObserver {
  const name = () => {
    for (const listbox of document.querySelectorAll<HTMLElement>('[role="listbox"][id$="_list"]:not([aria-label]):not([aria-labelledby])')) {
      const fieldId = listbox.id.slice(0, -'_list'.length);
      const label = document.querySelector<HTMLLabelElement>(`label[for="${CSS.escape(fieldId)}"]`);
      if (label) {
        if (!label.id) label.id = `${fieldId}_label`;
        listbox.setAttribute('aria-labelledby', label.id);
        continue;
      }
      const own = document.getElementById(fieldId)?.getAttribute('aria-label');
      if (own) listbox.setAttribute('aria-label', own);
    }
    // A group heading of grouped options is rendered as role="presentation" yet with aria-selected,
    // which no presentational element may carry (axe: aria-allowed-attr): drop it.
    for (const heading of document.querySelectorAll<HTMLElement>('[role="listbox"] [role="presentation"][aria-selected]')) {
      heading.removeAttribute('aria-selected');
    }
  };
  const observer = new MutationObserver(name);
  // Attributes too: the list re-renders its hidden options (and their aria-selected) as one types.
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-selected'] });
  return observer;
}
