/**
 * No work lost silently: Reset, Start and loading another model ask first (an in-page dialog) when they
 * would discard a model trained here; closing or reloading the page while training asks too
 * (`beforeunload`); Reset shows at once that it is under way.
 */
import type { ModelDescription, TrainerState } from './protocol.js';

/** `ModelDescription.source` of a model restored from the browser's storage (last-model.ts). */
export const RESTORED_SOURCE = 'your last model';

/**
 * Whether replacing the model would throw away work done on this page: a run under way, or a model
 * trained here (or restored from such a run). A checkpoint file or the pretrained model can be loaded again.
 */
export function wouldLoseWork(state: TrainerState, model: ModelDescription | null): boolean {
  if (state === 'training' || state === 'paused') return true;
  return model !== null && (model.source === 'trained here' || model.source === RESTORED_SOURCE);
}

export interface GuardElements {
  /** A `<dialog>` with a `<p>` for the question and a `<form method="dialog">` whose Discard button has value "discard". */
  dialog: HTMLDialogElement;
  reset: HTMLButtonElement;
  status: HTMLElement;
}

export class WorkGuard {
  #state: TrainerState = 'loading';
  #model: ModelDescription | null = null;
  readonly #onBeforeUnload = (e: BeforeUnloadEvent) => {
    // Both, for the browsers that still read returnValue.
    e.preventDefault();
    e.returnValue = '';
  };

  constructor(private readonly ui: GuardElements) {}

  /** Follows the worker's state; the page asks before unloading while a run is under way. */
  update(state: TrainerState, model: ModelDescription | null): void {
    this.#state = state;
    this.#model = model;
    if (state === 'training' || state === 'paused')
      window.addEventListener('beforeunload', this.#onBeforeUnload);
    else window.removeEventListener('beforeunload', this.#onBeforeUnload);
    this.ui.reset.textContent = 'Reset';
  }

  /** Resolves true when nothing would be lost, or the person chose to discard it; `action` names what they asked for. */
  confirmDiscard(action: string): Promise<boolean> {
    if (!wouldLoseWork(this.#state, this.#model)) return Promise.resolve(true);
    const running = this.#state === 'training' || this.#state === 'paused';
    const what = running
      ? 'the model being trained'
      : `the ${this.#model?.name.toUpperCase()} trained on this page`;
    const { dialog } = this.ui;
    const question = dialog.querySelector('p');
    if (question !== null) question.textContent = `${action} discards ${what}. Discard it?`;
    dialog.returnValue = '';
    dialog.showModal();
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'discard'), { once: true });
    });
  }

  /** Shown until the worker reports its new state: resetting can wait for a training step to end. */
  showResetting(): void {
    this.ui.reset.disabled = true;
    this.ui.reset.textContent = 'Resetting…';
    this.ui.status.textContent = 'Resetting…';
  }
}
