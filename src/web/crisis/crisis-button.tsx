import { useField } from '../field/context.tsx';
import { formatTime } from '../field/format.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { crisisPath, currentCrisis } from './draft.ts';

/**
 * The big red button: one tap from the field home (for anyone, registered or not) and from a
 * client's page. While a crisis is being handled it leads back to it instead, whoever it is for.
 */
export function CrisisButton({ clientId = null }: { clientId?: string | null }) {
  const { t, lang } = useLang();
  const { store } = useField();
  const draft = currentCrisis(store);
  if (draft) {
    return (
      <Link class="button button-block crisis-button crisis-button-resume" href={crisisPath(draft)}>
        <span class="crisis-button-main">{t('crisis.resume')}</span>
        <span class="crisis-button-sub">{t('crisis.startedAt', { time: formatTime(draft.startedAt, lang) })}</span>
      </Link>
    );
  }
  return (
    <Link class="button button-block crisis-button" href={crisisPath(null, clientId)}>
      <span class="crisis-button-main">{t('crisis.start')}</span>
    </Link>
  );
}
