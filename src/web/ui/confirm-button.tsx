import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useT } from '../shell/i18n.tsx';

/**
 * For acts that are hard to undo (deactivate, reset a password): the first tap asks, the second
 * does it. No browser dialog, so it looks the same on every phone and reads in the app's language.
 */
export function ConfirmButton(props: { label: string; question: ComponentChildren; confirmLabel: string; busy: boolean; onConfirm(): void; tone?: 'danger' | 'normal' }) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const tone = props.tone === 'danger' ? 'button-danger' : 'button-primary';
  if (!asking) {
    return (
      <button type="button" class="button button-block" onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <div class="confirm" role="group">
      <p>{props.question}</p>
      <div class="button-row">
        <button
          type="button"
          class={`button ${tone}`}
          disabled={props.busy}
          onClick={() => {
            props.onConfirm();
            setAsking(false);
          }}
        >
          {props.confirmLabel}
        </button>
        <button type="button" class="button" onClick={() => setAsking(false)}>
          {t('app.cancel')}
        </button>
      </div>
    </div>
  );
}
