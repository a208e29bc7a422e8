import { useState } from 'preact/hooks';
import type { RegisterClientArgs } from '../../core/clients/schema.ts';
import type { RecordAnonymousContactsArgs, RecordContactArgs } from '../../core/contacts/schema.ts';
import type { ChangeReferralStatusArgs, CreateReferralArgs } from '../../core/referrals/schema.ts';
import type { RecordGroupSessionArgs, RecordStageOfChangeArgs } from '../../core/groups/index.ts';
import type { MutationArgs, MutationName } from '../../core/sync/protocol.ts';
import type { OutboxEntry } from '../offline/engine.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { ConfirmButton } from '../ui/confirm-button.tsx';
import { Page } from '../ui/page.tsx';
import { findClient, useField } from './context.tsx';
import { fixHref } from './fix.ts';
import { formatTime } from './format.ts';
import { runtime } from './runtime.ts';
import { SyncPanel } from './sync-panel.tsx';

/** Refusals that nothing in the record can fix: the same record may go again as it is. */
const RESEND_AS_IS = new Set(['INTERNAL', 'MUTATION_SCHEMA_TOO_NEW']);

/**
 * A referral's event refused because its referral had not reached the server (or a stage of change
 * because its contact had not): once that is resent, this may follow as it is.
 */
function mayResendAsIs(entry: OutboxEntry): boolean {
  const code = entry.rejection?.code;
  return code !== undefined && (RESEND_AS_IS.has(code) || (entry.name === 'changeReferralStatus' && code === 'REFERRAL_NOT_FOUND') || (entry.name === 'recordStageOfChange' && code === 'CONTACT_NOT_FOUND'));
}

function describe(entry: OutboxEntry, field: ReturnType<typeof useField>, t: ReturnType<typeof useLang>['t'], lang: 'vi' | 'en'): string {
  switch (entry.name) {
    case 'registerClient':
      return t('sync.what.registerClient', { uic: (entry.args as RegisterClientArgs).uic });
    case 'recordContact': {
      const a = entry.args as RecordContactArgs;
      return t('sync.what.recordContact', { uic: findClient(field, a.clientId)?.uic ?? '—', time: formatTime(a.at, lang) });
    }
    case 'recordAnonymousContacts': {
      const a = entry.args as RecordAnonymousContactsArgs;
      return t('sync.what.recordAnonymousContacts', { count: a.counts.reduce((n, c) => n + c.count, 0), time: formatTime(a.at, lang) });
    }
    case 'createReferral': {
      const a = entry.args as CreateReferralArgs;
      return t('sync.what.createReferral', { code: a.code, uic: findClient(field, a.clientId)?.uic ?? '—' });
    }
    case 'changeReferralStatus': {
      const a = entry.args as ChangeReferralStatusArgs;
      return t('sync.what.changeReferralStatus', { code: field.view.referrals.find((r) => r.id === a.referralId)?.code ?? '—', time: formatTime(a.at, lang) });
    }
    case 'recordGroupSession': {
      const a = entry.args as RecordGroupSessionArgs;
      return t('fieldGroups.syncWhat', { topic: a.topic, time: formatTime(a.at, lang) });
    }
    case 'recordStageOfChange': {
      const a = entry.args as RecordStageOfChangeArgs;
      return t('fieldGroups.syncWhatStage', { uic: findClient(field, a.clientId)?.uic ?? '—', time: formatTime(a.at, lang) });
    }
    default:
      return t('sync.what.other', { time: formatTime(entry.clientTime, lang) });
  }
}

function Rejected({ entry }: { entry: OutboxEntry }) {
  const { t, lang } = useLang();
  const field = useField();
  const [busy, setBusy] = useState(false);
  const href = fixHref(entry);
  const act = (action: () => Promise<unknown>) => {
    setBusy(true);
    void action().finally(() => setBusy(false));
  };
  return (
    <li class="list-item rejected-item">
      <span class="list-title">{describe(entry, field, t, lang)}</span>
      <p class="rejection">{entry.rejection?.message || t('sync.noReason')}</p>
      <div class="button-row">
        {href && (
          <Link class="button button-primary" href={href}>
            {t('sync.fix')}
          </Link>
        )}
        {mayResendAsIs(entry) && (
          <button type="button" class="button" disabled={busy} onClick={() => act(() => runtime.resend(entry.id, entry.name as MutationName, entry.args as MutationArgs<MutationName>))}>
            {t('sync.resendAsIs')}
          </button>
        )}
      </div>
      <ConfirmButton label={t('sync.discard')} question={t('sync.discardQuestion')} confirmLabel={t('sync.discardConfirm')} tone="danger" busy={busy} onConfirm={() => act(() => runtime.discard(entry.id))} />
    </li>
  );
}

/** Sync status, and every record the server refused, with its reason and a way to fix or drop it (issue #3, point 7). */
export function SyncPage() {
  const { t } = useLang();
  const { store } = useField();
  const rejected = store.outbox().filter((e) => e.state === 'rejected');
  return (
    <Page title={t('sync.pageTitle')} back={{ href: '/field', label: t('field.title') }}>
      <SyncPanel showAttentionLink={false} />
      <section aria-labelledby="attention-title">
        <h2 id="attention-title">{t('sync.attentionTitle')}</h2>
        {rejected.length === 0 ? (
          <p class="hint">{t('sync.attentionNone')}</p>
        ) : (
          <>
            <p>{t('sync.attentionIntro')}</p>
            <ul class="list list-single">
              {rejected.map((e) => (
                <Rejected key={e.id} entry={e} />
              ))}
            </ul>
          </>
        )}
      </section>
    </Page>
  );
}
