import { GROUP_KIND_LABELS } from '../../core/groups/schema.ts';
import { StateBadge } from '../field/client-list.tsx';
import { useField } from '../field/context.tsx';
import { formatDay, formatTime } from '../field/format.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { Page } from '../ui/page.tsx';
import { draftGroupIds } from './draft.ts';
import { useGroupsView } from './field-hooks.ts';
import { RecordSessionPage } from './session-form.tsx';
import { groupsFor, nextMeeting, type GroupView, type SessionView } from './view.ts';

export type GroupPageName = 'groups' | 'groupSession';

/** Groups on the phone: one chunk, loaded inside the field pages (so it opens offline, behind the PIN). */
export function GroupPages({ page, params }: { page: GroupPageName; params: Record<string, string> }) {
  switch (page) {
    case 'groups':
      return <GroupsPage />;
    case 'groupSession':
      return <RecordSessionPage groupId={params.groupId!} />;
  }
}

const RECENT = 6;

function GroupRow({ group, lastAt, draft }: { group: GroupView; lastAt: string | null; draft: boolean }) {
  const { t, lang } = useLang();
  const { sites, today } = useField();
  const next = nextMeeting(group, today);
  const site = sites.find((s) => s.id === group.siteId);
  return (
    <li>
      <Link class="list-item group-row" href={`/field/groups/${group.id}/session`}>
        <span class="list-title">{group.name}</span>
        <span class="list-meta">
          {GROUP_KIND_LABELS[group.kind][lang]}
          {site && ` · ${site.name}`}
        </span>
        <span class="list-meta group-next">{next ? t('fieldGroups.next', { date: formatDay(next, lang), time: group.schedule.time }) : t('fieldGroups.noNext')}</span>
        {lastAt && <span class="list-meta">{t('fieldGroups.lastSession', { time: formatTime(lastAt, lang) })}</span>}
        <span class="badges">
          {next === today && <span class="badge badge-warning">{t('field.today')}</span>}
          {draft && <span class="badge badge-info">{t('fieldGroups.draft')}</span>}
        </span>
      </Link>
    </li>
  );
}

function SessionRow({ session, groupName }: { session: SessionView; groupName: string }) {
  const { t, lang } = useLang();
  return (
    <li class={`timeline-item timeline-${session.state}`}>
      <p class="timeline-head">
        <strong>{formatTime(session.at, lang)}</strong>
        <StateBadge state={session.state} />
      </p>
      <p>{session.topic}</p>
      <p class="list-meta">{t('fieldGroups.sessionLine', { group: groupName, count: session.attendees.length + session.anonymousCount })}</p>
    </li>
  );
}

/** The worker's groups with their next meeting, each one tap away from recording a session; then the sessions recorded lately. */
export function GroupsPage() {
  const { t } = useLang();
  const field = useField();
  const view = useGroupsView(field);
  const { mine, others } = groupsFor(view.groups, field.userId, field.today);
  const drafts = draftGroupIds(field.store);
  const lastAt = (groupId: string) => view.sessions.find((s) => s.groupId === groupId && s.state !== 'rejected')?.at ?? null;
  const name = (groupId: string) => view.groups.find((g) => g.id === groupId)?.name ?? t('fieldGroups.unknownGroup');
  const row = (g: GroupView) => <GroupRow key={g.id} group={g} lastAt={lastAt(g.id)} draft={drafts.has(g.id)} />;
  return (
    <Page title={t('fieldGroups.title')} back={{ href: '/field', label: t('field.title') }}>
      {mine.length + others.length === 0 ? (
        <p class="hint">{t('fieldGroups.none')}</p>
      ) : (
        <>
          <section aria-labelledby="groups-mine">
            <h2 id="groups-mine">{t('fieldGroups.mine')}</h2>
            {mine.length === 0 ? <p class="hint">{t('fieldGroups.noneMine')}</p> : <ul class="list list-single">{mine.map(row)}</ul>}
          </section>
          {others.length > 0 && (
            <section aria-labelledby="groups-others">
              <h2 id="groups-others">{t('fieldGroups.others')}</h2>
              <ul class="list list-single">{others.map(row)}</ul>
            </section>
          )}
        </>
      )}
      <section aria-labelledby="groups-recent">
        <h2 id="groups-recent">{t('fieldGroups.recent')}</h2>
        {view.sessions.length === 0 ? (
          <p class="hint">{t('fieldGroups.noSessions')}</p>
        ) : (
          <ol class="timeline">
            {view.sessions.slice(0, RECENT).map((s) => (
              <SessionRow key={s.id} session={s} groupName={name(s.groupId)} />
            ))}
          </ol>
        )}
      </section>
    </Page>
  );
}
