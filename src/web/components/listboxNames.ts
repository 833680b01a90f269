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
  };
  const observer = new MutationObserver(name);
  observer.observe(root, { childList: true, subtree: true });
  return observer;
}
