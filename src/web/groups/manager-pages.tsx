import { useState } from 'preact/hooks';
import type { GroupListItem, StaffMember } from '../../core/groups/api.ts';
import { GROUP_KIND_LABELS } from '../../core/groups/schema.ts';
import { api } from '../api/fieldlab.ts';
import { formatDay, formatDateTime } from '../field/format.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link, navigate } from '../shell/router.tsx';
import { useMe, useShell } from '../shell/session.tsx';
import { ConfirmButton } from '../ui/confirm-button.tsx';
import { FormError, useSubmit } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { groupApi } from './api.ts';
import { blankGroup, GroupForm, valuesOf } from './group-form.tsx';

/**
 * The managers' group pages (issue #7 §1), online, with `group.manage`: the organisation's groups
 * with their next meetings, a new group, and a group's settings with the sessions recorded so far.
 */
const names = (staff: readonly StaffMember[], ids: readonly string[]) => ids.map((id) => staff.find((s) => s.id === id)?.displayName ?? '—').join(', ');

function GroupRow({ orgId, group, staff, siteName }: { orgId: string; group: GroupListItem; staff: readonly StaffMember[]; siteName: string }) {
  const { t, lang } = useLang();
  return (
    <li>
      <Link class={group.active ? 'list-item group-row' : 'list-item group-row list-item-retired'} href={`/organisations/${orgId}/groups/${group.id}`}>
        <span class="list-title">{group.name}</span>
        <span class="list-meta">
          {GROUP_KIND_LABELS[group.kind][lang]} · {siteName}
        </span>
        <span class="list-meta">
          {t('groupsWeb.facilitators')}: {names(staff, group.facilitatorIds)}
        </span>
        <span class="list-meta group-next">
          {group.nextMeetings.length ? `${t('groupsWeb.nextMeetings')}: ${group.nextMeetings.map((d) => formatDay(d, lang)).join('; ')} · ${group.schedule.time}` : t('groupsWeb.noNextMeetings')}
        </span>
        <span class="list-meta">{t('groupsWeb.sessionCount', { count: group.sessionCount })}</span>
        <span class="badges">{!group.active && <span class="badge badge-danger">{t('groupsWeb.inactive')}</span>}</span>
      </Link>
    </li>
  );
}

function useGroupData(orgId: string, allowed: boolean) {
  return useResource(() => (allowed ? Promise.all([groupApi.list(orgId), api.sites(orgId)]) : Promise.resolve(null)), [orgId, allowed]);
}

export function GroupsAdminPage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const me = useMe();
  const allowed = canIn(me, 'group.manage', orgId);
  const res = useGroupData(orgId, allowed);
  const back = { href: `/organisations/${orgId}`, label: t('organisations.title') };
  if (!allowed) return <NotAllowedPage title={t('groupsWeb.title')} back={back} />;
  const [list, sites] = res.data ?? [null, []];
  return (
    <Page title={t('groupsWeb.title')} back={back}>
      <p class="lead">{t('groupsWeb.intro')}</p>
      <p>
        <Link class="button button-primary" href={`/organisations/${orgId}/groups/new`}>
          {t('groupsWeb.add')}
        </Link>
      </p>
      {res.error !== undefined && <ErrorMessage error={res.error} onRetry={res.reload} />}
      {res.loading && !res.data && <Loading />}
      {list && list.groups.length === 0 && <p class="hint">{t('groupsWeb.none')}</p>}
      {list && list.groups.length > 0 && (
        <ul class="list list-single groups-admin">
          {list.groups.map((g) => (
            <GroupRow key={g.id} orgId={orgId} group={g} staff={list.staff} siteName={sites.find((s) => s.id === g.siteId)?.name ?? '—'} />
          ))}
        </ul>
      )}
    </Page>
  );
}

export function NewGroupPage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const me = useMe();
  const shell = useShell();
  const allowed = canIn(me, 'group.manage', orgId);
  const res = useGroupData(orgId, allowed);
  const back = { href: `/organisations/${orgId}/groups`, label: t('groupsWeb.title') };
  if (!allowed) return <NotAllowedPage title={t('groupsWeb.newTitle')} back={back} />;
  const [list, sites] = res.data ?? [null, []];
  return (
    <Page title={t('groupsWeb.newTitle')} back={back}>
      {res.error !== undefined && <ErrorMessage error={res.error} onRetry={res.reload} />}
      {res.loading && !res.data && <Loading />}
      {list && (
        <GroupForm
          initial={blankGroup(list.today)}
          sites={sites}
          staff={list.staff}
          today={list.today}
          submitLabel={t('groupsWeb.create')}
          onSave={async (body) => {
            await groupApi.create(orgId, body);
            navigate(back.href);
            shell.flash({ path: back.href, tone: 'success', text: (tr) => tr('groupsWeb.saved') });
          }}
        />
      )}
    </Page>
  );
}

function Sessions({ orgId, groupId }: { orgId: string; groupId: string }) {
  const { t, lang } = useLang();
  const res = useResource(() => groupApi.sessions(orgId, groupId), [orgId, groupId]);
  return (
    <section class="panel" aria-labelledby="group-sessions-title">
      <h2 id="group-sessions-title">{t('groupsWeb.sessions')}</h2>
      {res.error !== undefined && <ErrorMessage error={res.error} onRetry={res.reload} />}
      {res.loading && !res.data && <Loading />}
      {res.data && res.data.sessions.length === 0 && <p class="hint">{t('groupsWeb.noSessionsYet')}</p>}
      {res.data && res.data.sessions.length > 0 && (
        <ol class="timeline group-sessions">
          {res.data.sessions.map((s) => (
            <li key={s.id} class="timeline-item">
              <p class="timeline-head">
                <strong>{formatDateTime(s.at, lang)}</strong>
              </p>
              <p>{s.topic}</p>
              <p class="list-meta">{t('groupsWeb.sessionPeople', { registered: s.attendees.length, anonymous: s.anonymousCount })}</p>
              {s.attendees.length > 0 && (
                <p class="chips">
                  {s.attendees.map((a) => (
                    <span class="chip uic" key={a.clientId}>
                      {a.uic}
                    </span>
                  ))}
                </p>
              )}
              {s.stages.length > 0 && <p class="list-meta">{t('groupsWeb.stagesSeen', { count: s.stages.length })}</p>}
              <p class="list-meta">
                {t('groupsWeb.facilitators')}: {names(res.data!.staff, s.facilitatorIds)}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function EditGroupPage({ orgId, groupId }: { orgId: string; groupId: string }) {
  const { t } = useLang();
  const me = useMe();
  const shell = useShell();
  const allowed = canIn(me, 'group.manage', orgId);
  const res = useGroupData(orgId, allowed);
  const toggle = useSubmit();
  const [round, setRound] = useState(0);
  const back = { href: `/organisations/${orgId}/groups`, label: t('groupsWeb.title') };
  if (!allowed) return <NotAllowedPage title={t('groupsWeb.editTitle')} back={back} />;
  const [list, sites] = res.data ?? [null, []];
  const group = list?.groups.find((g) => g.id === groupId);
  const setActive = (active: boolean) =>
    void toggle.run(async () => {
      await groupApi.edit(orgId, groupId, { active });
      shell.flash({ path: location.pathname, tone: 'success', text: (tr) => tr(active ? 'groupsWeb.reactivated' : 'groupsWeb.deactivated') });
      setRound(round + 1);
      res.reload();
    });
  return (
    <Page title={group?.name ?? t('groupsWeb.editTitle')} back={back}>
      {res.error !== undefined && <ErrorMessage error={res.error} onRetry={res.reload} />}
      {res.loading && !res.data && <Loading />}
      {list && group && (
        <>
          {!group.active && <p class="badges"><span class="badge badge-danger">{t('groupsWeb.inactive')}</span></p>}
          <GroupForm
            key={`${group.id}-${round}`}
            initial={valuesOf(group, list.today)}
            sites={sites}
            staff={list.staff}
            today={list.today}
            submitLabel={t('app.save')}
            onSave={async (body) => {
              await groupApi.edit(orgId, groupId, body);
              navigate(back.href);
              shell.flash({ path: back.href, tone: 'success', text: (tr) => tr('groupsWeb.saved') });
            }}
          />
          <section class="panel" aria-label={group.active ? t('groupsWeb.deactivate') : t('groupsWeb.reactivate')}>
            <FormError error={toggle.error} />
            {group.active ? (
              <ConfirmButton label={t('groupsWeb.deactivate')} question={t('groupsWeb.deactivateQuestion')} confirmLabel={t('groupsWeb.deactivateConfirm')} tone="danger" busy={toggle.busy} onConfirm={() => setActive(false)} />
            ) : (
              <button type="button" class="button button-block" disabled={toggle.busy} onClick={() => setActive(true)}>
                {t('groupsWeb.reactivate')}
              </button>
            )}
          </section>
          <Sessions orgId={orgId} groupId={groupId} />
        </>
      )}
    </Page>
  );
}
