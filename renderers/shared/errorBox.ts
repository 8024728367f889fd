/**
 * The box a renderer shows instead of its picture when the payload is bad or drawing fails: a
 * title saying what could not be drawn and the validator's sentences, never a blank output.
 */
export function errorBox(title: string, details: string[]): HTMLElement {
  const box = document.createElement('div');
  box.className = 'unrolled-error';
  box.setAttribute('role', 'alert');
  const heading = document.createElement('div');
  heading.className = 'unrolled-error-title';
  heading.textContent = title;
  box.appendChild(heading);
  if (details.length > 0) {
    const list = document.createElement('ul');
    for (const line of details) {
      const item = document.createElement('li');
      item.textContent = line;
      list.appendChild(item);
    }
    box.appendChild(list);
  }
  return box;
}
