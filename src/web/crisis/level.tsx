import type { CrisisLevel } from '../../core/crisis/schema.ts';
import { useLang } from '../shell/i18n.tsx';

/** tel: link to the emergency number: one tap opens the phone's dialler. */
export function Call115({ big }: { big?: boolean }) {
  const { t } = useLang();
  return (
    <a class={big ? 'button button-block call-115 call-115-big' : 'button call-115'} href="tel:115">
      <span aria-hidden="true">☎</span> {t(big ? 'crisis.call115Now' : 'crisis.call115')}
    </a>
  );
}

/** The classification, unmistakable: a coloured block with the level and what to do now. */
export function LevelBanner({ level }: { level: CrisisLevel }) {
  const { t } = useLang();
  return (
    <section class={`crisis-level crisis-level-${level}`} aria-labelledby="crisis-level-title" role="alert">
      <p class="crisis-level-label">{t('crisis.levelLabel')}</p>
      <h2 id="crisis-level-title" class="crisis-level-title">
        {t(`crisis.levels.${level}.title`)}
      </h2>
      <p class="crisis-level-action">{t(`crisis.levels.${level}.action`)}</p>
      {level === 'emergency' && <Call115 big />}
    </section>
  );
}
