import { GROUP_KIND_LABELS } from '../../core/groups/schema.ts';
import { STAGE_LABELS, type Stage } from '../../core/groups/stage.ts';
import type { ClientView } from '../offline/view.ts';
import { StateBadge } from '../field/client-list.tsx';
import { useField } from '../field/context.tsx';
import { formatDay, formatTime } from '../field/format.ts';
import { useLang } from '../shell/i18n.tsx';
import { clientGroups } from './view.ts';
import { mayRecordGroups, orgTimeZone, useGroupsView } from './field-hooks.ts';

/** The latest sessions listed; the title counts them all. */
const SHOWN = 10;

/** Where each stage sits on the five-step ladder; relapse has no rung of its own (it is drawn apart). */
const RUNG: Readonly<Record<Stage, number>> = { precontemplation: 1, contemplation: 2, preparation: 3, action: 4, maintenance: 5, relapse: 0 };

/**
 * A client's groups and stage of change (issue #7 §1), on the client's page: the stage over time as
 * a stepped ladder (one row per change, the rung filled up to the stage; a return to using marked
 * apart, never as a failure), how the client moved in words, then the sessions they came to.
 */
export function ClientGroupsPanel({ client }: { client: ClientView }) {
  const { t, lang } = useLang();
  const field = useField();
  const view = useGroupsView(field);
  if (!mayRecordGroups(field)) return null;
  const { attended, timeline, movement } = clientGroups(view, client.id, orgTimeZone(field));
  const first = timeline[0];
  const latest = timeline.at(-1);
  const groupOf = (id: string) => view.groups.find((g) => g.id === id);
  return (
    <section class="panel client-groups" aria-labelledby="client-groups-title">
      <h2 id="client-groups-title">{t('fieldGroups.panelTitle')}</h2>
      <h3 class="subheading">{t('fieldGroups.timelineTitle')}</h3>
      {!first || !latest ? (
        <p class="hint">{t('fieldGroups.noStages')}</p>
      ) : (
        <>
          <p class={`stage-movement stage-movement-${movement}`}>{t(`fieldGroups.movement.${movement}`, { from: STAGE_LABELS[first.stage][lang], to: STAGE_LABELS[latest.stage][lang] })}</p>
          <ol class="stage-ladder">
            {timeline.map((e) => (
              <li key={`${e.day}-${e.stage}`} class={`stage-step stage-${e.stage}`}>
                <span class="stage-day">{formatDay(e.day, lang)}</span>
                <span class="stage-rungs" aria-hidden="true">
                  {[1, 2, 3, 4, 5].map((n) => (
                    <span key={n} class={n <= RUNG[e.stage] ? 'rung rung-on' : 'rung'} />
                  ))}
                </span>
                <span class="stage-name">
                  <strong>{STAGE_LABELS[e.stage][lang]}</strong>
                  <span class="list-meta"> {e.source === 'session' ? t('fieldGroups.fromSession') : t('fieldGroups.fromContact')}</span>
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
      <h3 class="subheading">{attended.length ? t('fieldGroups.attendanceTitle', { count: attended.length }) : t('fieldGroups.noAttendance')}</h3>
      {attended.length > 0 && (
        <ul class="list list-single attendance-list">
          {attended.slice(0, SHOWN).map((a) => {
            const group = groupOf(a.groupId);
            return (
              <li key={a.sessionId} class="list-item">
                <span class="list-title">{group?.name ?? t('fieldGroups.unknownGroup')}</span>
                <span class="list-meta">
                  {formatTime(a.at, lang)}
                  {group && ` · ${GROUP_KIND_LABELS[group.kind][lang]}`}
                </span>
                <span class="badges">
                  <StateBadge state={a.state} />
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {attended.length > SHOWN && <p class="hint">{t('fieldGroups.earlier', { count: attended.length - SHOWN })}</p>}
    </section>
  );
}
