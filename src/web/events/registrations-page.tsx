import { useState } from 'preact/hooks';
import type { RegistrationOut, RegistrationWithCode } from '../../core/training/event-api.ts';
import { useLang } from '../shell/i18n.tsx';
import { ConfirmButton } from '../ui/confirm-button.tsx';
import { FormError, onSubmit, SubmitButton, UsernameField, useSubmit } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { eventsApi } from './api.ts';
import { countryName, formatDay, provinceName } from './format.ts';
import { countsText, eventsHome } from './organiser-pages.tsx';
import { RegistrationForm } from './registration-form.tsx';
import './events.css';

function LinkAccount({ orgId, eventId, r, onDone }: { orgId: string; eventId: string; r: RegistrationOut; onDone(): void }) {
  const { t } = useLang();
  const [open, setOpen] = useState(false);
  const [username, setUsername] = useState('');
  const { busy, error, run } = useSubmit();
  if (r.linkedUsername) {
    return (
      <p class="list-meta">
        {t('events.reg.linked', { username: r.linkedUsername })}{' '}
        <button type="button" class="button-link" disabled={busy} onClick={() => void run(async () => (await eventsApi.linkRegistration(orgId, eventId, r.id, null), onDone()))}>
          {t('events.reg.unlink')}
        </button>
      </p>
    );
  }
  if (!open) {
    return (
      <button type="button" class="button-link events-link-account" onClick={() => setOpen(true)}>
        {t('events.reg.link')}
      </button>
    );
  }
  return (
    <form class="form" onSubmit={onSubmit(() => void run(async () => (await eventsApi.linkRegistration(orgId, eventId, r.id, username.trim()), onDone())))} noValidate>
      <FormError error={error} />
      <UsernameField name={`username-${r.id}`} label={t('events.reg.username')} hint={t('events.reg.usernameHint')} value={username} onValue={setUsername} />
      <SubmitButton busy={busy}>{t('events.reg.link')}</SubmitButton>
    </form>
  );
}

/** A code the server just made: it keeps only its hash, so this is the one time anyone sees it here. */
function CodeShownOnce({ text, code }: { text: string; code: string }) {
  const { t } = useLang();
  return (
    <Notice tone="success">
      <p>{text}</p>
      <p class="events-code events-code-big">{code}</p>
      <p class="hint">{t('events.reg.codeOnce')}</p>
    </Notice>
  );
}

function RegistrationItem({ orgId, eventId, r, onChanged }: { orgId: string; eventId: string; r: RegistrationOut; onChanged(): void }) {
  const { t, lang } = useLang();
  const { busy, error, run } = useSubmit();
  // A new code for someone who lost theirs, shown in place until the page is left; the list itself does not change.
  const [newCode, setNewCode] = useState<RegistrationWithCode | null>(null);
  const where = r.provinceId ? provinceName(r.provinceId, lang) : r.country ? countryName(r.country, lang) : '';
  return (
    <li class={r.cancelledAt ? 'list-item list-item-retired' : 'list-item'}>
      <span class="list-title">{r.displayName}</span>
      <span class="list-meta">{[r.organisation, r.role, where].filter(Boolean).join(' · ')}</span>
      {(r.email || r.phone) && <span class="list-meta">{[r.email, r.phone].filter(Boolean).join(' · ')}</span>}
      <span class="badges">
        <span class="badge badge-muted">{t(`events.reg.via.${r.via}`)}</span>
        {r.cancelledAt && <span class="badge badge-danger">{t('events.reg.cancelled')}</span>}
        {r.presentDays.map((d) => (
          <span key={d} class="badge badge-success">
            ✓ {formatDay(d, lang)}
          </span>
        ))}
      </span>
      <FormError error={error} />
      {newCode && <CodeShownOnce text={t('events.reg.newCodeMade', { name: newCode.displayName })} code={newCode.code} />}
      {!r.cancelledAt && (
        <>
          <LinkAccount orgId={orgId} eventId={eventId} r={r} onDone={onChanged} />
          <ConfirmButton
            label={t('events.reg.newCode')}
            question={t('events.reg.newCodeQuestion', { name: r.displayName })}
            confirmLabel={t('events.reg.newCodeConfirm')}
            busy={busy}
            onConfirm={() => void run(async () => setNewCode(await eventsApi.reissueCode(orgId, eventId, r.id)))}
          />
          <ConfirmButton
            label={t('events.reg.cancel')}
            question={t('events.reg.cancelQuestion', { name: r.displayName })}
            confirmLabel={t('events.reg.cancelConfirm')}
            tone="danger"
            busy={busy}
            onConfirm={() => void run(async () => (await eventsApi.cancelRegistration(orgId, eventId, r.id), onChanged()))}
          />
        </>
      )}
    </li>
  );
}

/** The event's registrations (names opened; the server audits the read), desk registration, and attendance per day. */
export function RegistrationsPage({ orgId, eventId }: { orgId: string; eventId: string }) {
  const { t, lang } = useLang();
  const res = useResource(() => Promise.all([eventsApi.get(orgId, eventId), eventsApi.registrations(orgId, eventId), eventsApi.attendance(orgId, eventId)]), [orgId, eventId]);
  const [made, setMade] = useState<RegistrationWithCode | null>(null);
  const [deskOpen, setDeskOpen] = useState(false);
  const back = { href: `${eventsHome(orgId)}/${eventId}`, label: res.data?.[0].title ?? t('events.title') };
  if (res.error !== undefined) {
    return (
      <Page title={t('events.registrations')} back={back}>
        <ErrorMessage error={res.error} onRetry={res.reload} />
      </Page>
    );
  }
  if (!res.data) return <Loading />;
  const [event, list, sheet] = res.data;
  const active = list.filter((r) => !r.cancelledAt);
  return (
    <Page title={t('events.registrations')} back={back} wide>
      <p class="lead">
        {event.title} · {countsText(t, event)}
      </p>
      {made && <CodeShownOnce text={t('events.reg.madeAtDesk', { name: made.displayName })} code={made.code} />}
      {event.status !== 'cancelled' &&
        (deskOpen ? (
          <section class="panel">
            <h2>{t('events.reg.desk')}</h2>
            <RegistrationForm
              mode="desk"
              submitLabel={t('events.reg.deskSubmit')}
              onSubmit={async (body) => {
                const r = await eventsApi.registerAtDesk(orgId, eventId, body);
                setMade(r);
                setDeskOpen(false);
                res.reload();
              }}
            />
          </section>
        ) : (
          <button type="button" class="button button-primary button-block" onClick={() => setDeskOpen(true)}>
            + {t('events.reg.desk')}
          </button>
        ))}
      <h2>{t('events.reg.listTitle', { count: active.length })}</h2>
      {list.length === 0 ? (
        <p class="hint">{t('events.reg.none')}</p>
      ) : (
        <>
          <p class="hint">{t('events.reg.codesNotKept')}</p>
          <ul class="list list-single">
            {list.map((r) => (
              <RegistrationItem key={r.id} orgId={orgId} eventId={eventId} r={r} onChanged={res.reload} />
            ))}
          </ul>
        </>
      )}
      <h2>{t('events.sheet.title')}</h2>
      {sheet.days.map((d) => (
        <details class="panel events-sheet" key={d.day}>
          <summary>
            {formatDay(d.day, lang)} — {t('events.sheet.present', { count: d.present.length, registered: sheet.registered })}
          </summary>
          <ol>
            {d.present.map((p) => (
              <li key={p.registrationId}>
                {p.displayName}
                {p.organisation ? ` · ${p.organisation}` : ''}
              </li>
            ))}
          </ol>
        </details>
      ))}
    </Page>
  );
}
