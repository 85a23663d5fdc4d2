// Building DOM nodes. Text always goes in as text (never as HTML), so values read from the chain
// (failure reasons, contract names, bytes) cannot inject markup.

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function link(href, text, attributes = {}) {
  return el('a', { href, ...attributes }, text);
}

export function section(title, ...content) {
  return el('section', {}, el('h2', {}, title), ...content);
}

/** A two-column table of [label, value] rows; each row carries data-field=label. */
export function fields(rows) {
  return el(
    'table',
    { class: 'fields' },
    el(
      'tbody',
      {},
      rows.filter(Boolean).map(([label, value]) =>
        el('tr', { 'data-field': label }, el('th', {}, label), el('td', {}, value))),
    ),
  );
}

/** A table under headings; body is a tbody element (to update later) or an array of rows. */
export function table(headings, body, attributes = {}) {
  return el(
    'table',
    attributes,
    el('thead', {}, el('tr', {}, headings.map((h) => el('th', {}, h)))),
    body instanceof HTMLTableSectionElement ? body : el('tbody', {}, body),
  );
}

export function notice(text, kind = 'info') {
  return el('p', { class: `notice ${kind}` }, text);
}

export function hexBlock(hex, label = 'show bytes') {
  const bytes = (hex.length - 2) / 2;
  return el(
    'details',
    {},
    el('summary', {}, `${bytes} bytes — ${label}`),
    el('pre', { class: 'hex' }, hex),
  );
}
