/**
 * Wires the page's safekeeping of models to its elements: the discard dialog and beforeunload
 * (work-guard.ts), the last model kept in the browser (last-model.ts) and the pretrained model
 * (pretrained.ts). main.ts forwards the worker's state and snapshots here.
 */
import { LastModel } from './last-model.js';
import { PRETRAINED_LABEL, Pretrained } from './pretrained.js';
import type { ModelDescription, Request, TrainerState } from './protocol.js';
import { RESTORED_SOURCE, WorkGuard } from './work-guard.js';

function $<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the page has no #${id}`);
  return el as T;
}

export interface Safekeeping {
  guard: WorkGuard;
  lastModel: LastModel;
  /** Loads the pretrained model, after asking if that discards work. */
  usePretrained(): Promise<void>;
  /** The pad was used with no model: loads the pretrained model (once); returns what the top-3 list says meanwhile. */
  padWithoutModel(state: TrainerState): string;
  /** Follows the worker's state. */
  update(state: TrainerState, model: ModelDescription | null): void;
}

/** `send` talks to the worker; `showError` shows a message for people. */
export function setupSafekeeping(
  send: (request: Request, transfer?: Transferable[]) => void,
  showError: (message: string) => void,
): Safekeeping {
  const load = (bytes: Uint8Array, name: string) => send({ type: 'load', bytes, name }, [bytes.buffer]);
  const guard = new WorkGuard({
    dialog: $<HTMLDialogElement>('confirm-discard'),
    reset: $<HTMLButtonElement>('reset'),
    status: $('status'),
  });
  const lastModel = new LastModel(
    {
      offer: $('restore-offer'),
      text: $('restore-text'),
      restore: $<HTMLButtonElement>('restore'),
      discard: $<HTMLButtonElement>('restore-discard'),
      note: $('storage-note'),
    },
    (bytes) => load(bytes, RESTORED_SOURCE),
  );
  const pretrained = new Pretrained(load, showError);
  const button = $<HTMLButtonElement>('pretrained');
  $('pretrained-label').textContent = `${PRETRAINED_LABEL}: the MLP trained by the command line, 3 epochs.`;
  const usePretrained = async () => {
    if (await guard.confirmDiscard('Loading the pretrained model')) await pretrained.use();
  };
  button.addEventListener('click', () => void usePretrained());
  void lastModel.offer();
  let padTried = false;
  return {
    guard,
    lastModel,
    usePretrained,
    padWithoutModel(state) {
      if (state !== 'idle' || padTried) return 'Train a model or load a checkpoint to see predictions.';
      padTried = true;
      void pretrained.use();
      return 'Loading the pretrained model…';
    },
    update(state, model) {
      guard.update(state, model);
      lastModel.update(state);
      button.disabled = state !== 'idle';
    },
  };
}
