/**
 * Asks before a change that is hard to take back (disabling someone's account): a modal dialog with
 * a title that names what will change, the consequences in words, and two buttons. Focus starts on
 * Cancel, the choice that changes nothing; Escape cancels too. The caller returns focus to what
 * opened it, once the dialog is gone.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function ConfirmDialog(props: {
  id: string;
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    element?.querySelector<HTMLButtonElement>('button[data-cancel]')?.focus();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="confirm"
      aria-labelledby={`${props.id}-title`}
      aria-describedby={`${props.id}-what`}
      onCancel={(event) => {
        // Escape: the dialog goes when the caller stops rendering it, not by the browser's own close.
        event.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <div id={`${props.id}-what`}>{props.children}</div>
      <p class="actions">
        <button type="button" class="button danger" onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>{' '}
        <button type="button" class="button secondary" data-cancel onClick={props.onCancel}>
          Cancel
        </button>
      </p>
    </dialog>
  );
}
