import { h } from '../dom.js';
import { savePairingToken } from '../pick-transport.js';

/** Asks for the pairing code the head unit shows, when the server refused this screen. */
export function createPairingView(): { show(reason: string): void; hide(): void } {
  const input = h('input', { class: 'control pairing-input', type: 'text', inputmode: 'latin', autocomplete: 'off', spellcheck: 'false', 'aria-label': 'Pairing code', 'data-testid': 'pairing-input' });
  const button = h('button', { class: 'control', 'data-testid': 'pairing-submit' }, 'Pair');
  const reason = h('p', { class: 'label' });
  const dialog = h('div', { class: 'pairing', role: 'dialog', 'aria-label': 'Pair this screen', 'data-testid': 'pairing', hidden: true },
    h('h2', {}, 'Pair this screen'),
    reason,
    h('p', {}, 'Enter the pairing code shown on the head unit (or open the link it shows).'),
    h('div', { class: 'pairing-row' }, input, button));
  button.addEventListener('click', () => {
    if (input.value.trim() === '') return;
    savePairingToken(input.value);
    window.location.reload();
  });
  document.body.append(dialog);
  return {
    show(text) {
      reason.textContent = text;
      dialog.hidden = false;
    },
    hide() {
      dialog.hidden = true;
    },
  };
}
