// Reading and setting the forms' controls by name, for the calculator links (README "Calculator links").
//
// @module form-values

/**
 * A text field takes a value from a link (a name the link lacks leaves it alone).
 * @param {Element | RadioNodeList | null} field @param {string | null} value
 */
export function setText(field, value) {
  if (value !== null && field instanceof HTMLInputElement) {
    field.value = value;
  }
}

/**
 * A radio group takes a value from a link, if one of its buttons has it.
 * @param {HTMLFormElement} form @param {string} name @param {string | null} value
 */
export function choose(form, name, value) {
  const option = value === null ? null : [...form.querySelectorAll(`input[name="${name}"]`)]
    .find((input) => /** @type {HTMLInputElement} */ (input).value === value);
  if (option) {
    /** @type {HTMLInputElement} */ (option).checked = true;
  }
}

/**
 * What a form's control holds now, trimmed ("" for none).
 * @param {HTMLFormElement} form @param {string} name
 */
export function formValue(form, name) {
  const field = form.elements.namedItem(name);
  if (field instanceof RadioNodeList) {
    return field.value;
  }
  return field instanceof HTMLInputElement || field instanceof HTMLSelectElement ? field.value.trim() : "";
}
