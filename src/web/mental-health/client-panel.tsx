import { followUpDue } from '../../core/contacts/schema.ts';
import type { ClientView } from '../offline/view.ts';
import { useField } from '../field/context.tsx';
import { formatDay } from '../field/format.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';

/** When the next screening is due (the organisation's interval after a positive screen). */
export function NextScreening({ nextOn, today }: { nextOn: string | null; today: string }) {
  const { t, lang } = useLang();
  const { view } = useField();
  const due = followUpDue(nextOn, today);
  if (!nextOn) return <p class="hint">{t('mh.noNext', { days: view.screeningSettings.rescreenEveryDays })}</p>;
  return (
    <p class={due ? 'due due-now mh-due' : 'due mh-due'}>
      {t('mh.nextOn', { date: formatDay(nextOn, lang) })}
      {due === 'today' && <span class="badge badge-warning">{t('field.today')}</span>}
      {due === 'overdue' && <span class="badge badge-danger">{t('field.overdue')}</span>}
    </p>
  );
}

/** On the client's page: when the next screening is due, and the way to screen or to the mental-health page. */
export function MentalHealthPanel({ client }: { client: ClientView }) {
  const { t } = useLang();
  const { today } = useField();
  return (
    <section class="panel" aria-labelledby="mh-panel-title">
      <h2 id="mh-panel-title">{t('mh.title')}</h2>
      <NextScreening nextOn={client.nextScreeningOn} today={today} />
      <div class="button-stack">
        <Link class="button button-primary button-block" href={`/field/clients/${client.id}/screen`}>
          {t('screening.title')}
        </Link>
        <Link class="button button-block" href={`/field/clients/${client.id}/mental-health`}>
          {t('mh.open')}
        </Link>
      </div>
    </section>
  );
}

/** On the field home: clients whose next screening is due today or overdue. */
export function ScreeningsDue() {
  const { t, lang } = useLang();
  const { view } = useField();
  if (view.screeningsDue.length === 0) return null;
  return (
    <>
      <h3 class="subheading">{t('mh.dueTitle')}</h3>
      <ul class="list list-single">
        {view.screeningsDue.map(({ client, due }) => (
          <li key={client.id}>
            <Link class="list-item client-row" href={`/field/clients/${client.id}/mental-health`}>
              <span class="list-title">
                <span class="uic">{client.uic}</span>
                {client.nickname && <span class="list-subtitle"> · {client.nickname}</span>}
              </span>
              <span class="list-meta">{due === 'today' ? t('mh.dueToday') : t('mh.dueSince', { date: formatDay(client.nextScreeningOn!, lang) })}</span>
              <span class="badges">{due === 'overdue' ? <span class="badge badge-danger">{t('field.overdue')}</span> : <span class="badge badge-warning">{t('field.today')}</span>}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
