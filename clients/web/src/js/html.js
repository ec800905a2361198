// Builds HTML from template literals, escaping every value unless it is already safe HTML.
export class SafeHtml {
  constructor(value) {
    this.value = value;
  }

  toString() {
    return this.value;
  }
}

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

function render(value) {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value);
}

// html`<p>${text}</p>`: text is escaped; nested html`` results, arrays of them and raw() are not.
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1];
  });
  return new SafeHtml(out);
}

// Marks a string as safe HTML: only for markup this app wrote itself, never for data.
export function raw(markup) {
  return new SafeHtml(String(markup));
}

// Escapes and joins values (html results pass through) with a separator.
export function joinHtml(values, separator = '') {
  return new SafeHtml(values.map(render).join(render(separator)));
}
