import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { Problem } from '../../core/errors/outcome.ts';
import type { CertificateDocument, EventResults, ParticipantResult } from '../../core/training/course-api.ts';
import { certificateEligibility, newCertificateCode, trainingImprovement, type TestPhase } from '../../core/training/index.ts';
import type { Crypto } from '../db/crypto.ts';
import type { Tx } from '../db/scope.ts';
import { dateOnly, eventDays, eventOrganisers, eventTest, orgToday, percentOf, type EventRow } from './store.ts';

/**
 * A training's results as its trainer sees them: each active registration (and each cancelled one
 * that still holds a certificate: cancelling a registration does not revoke a certificate, which
 * the trainer may revoke here) with the name they
 * gave (unsealed here: the caller audits the read), days present, pre and post scores, what the
 * certificate rule says, and their certificate; and the paired improvement (core). Revoked
 * certificates are not shown as held: the person may be issued a new one.
 */
export async function eventResults(tx: Tx, crypto: Crypto, event: EventRow): Promise<EventResults> {
  const days = eventDays(event);
  const test = await eventTest(tx, event);
  const course = event.course_id ? await tx.selectFrom('courses').select(['id', 'title']).where('id', '=', event.course_id).executeTakeFirst() : undefined;
  const registrations = await tx
    .selectFrom('event_registrations')
    .select(['id', 'name_enc', 'cancelled_at'])
    .where('event_id', '=', event.id)
    .where('org_id', '=', event.org_id)
    .where((eb) => eb.or([eb('cancelled_at', 'is', null), eb.exists(eb.selectFrom('certificates').select('id').whereRef('certificates.registration_id', '=', 'event_registrations.id').where('certificates.revoked_at', 'is', null))]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const attendance = await tx.selectFrom('event_attendance').select(['registration_id', 'day']).where('event_id', '=', event.id).where('org_id', '=', event.org_id).execute();
  const attempts = await tx.selectFrom('test_attempts').select(['registration_id', 'phase', 'score', 'max_score', 'at']).where('event_id', '=', event.id).where('org_id', '=', event.org_id).orderBy('at').execute();
  const certificates = await tx
    .selectFrom('certificates')
    .select(['id', 'registration_id', 'code', 'lang', 'issued_on', 'by_hand_reason', 'revoked_at'])
    .where('event_id', '=', event.id)
    .where('org_id', '=', event.org_id)
    .where('revoked_at', 'is', null)
    .execute();

  const score = (registrationId: string, phase: TestPhase) => {
    const a = attempts.find((x) => x.registration_id === registrationId && x.phase === phase);
    return a ? { score: a.score, maxScore: a.max_score, percent: percentOf(a.score, a.max_score) } : null;
  };
  const participants = registrations.map((r): ParticipantResult => {
    const presentDays = attendance.filter((a) => a.registration_id === r.id).map((a) => dateOnly(a.day)).sort();
    const pre = score(r.id, 'pre');
    const post = score(r.id, 'post');
    const rule = certificateEligibility({ days, presentDays, test: test ? { passPercent: test.pass_percent } : null, post });
    const c = certificates.find((x) => x.registration_id === r.id);
    return {
      registrationId: r.id,
      name: crypto.decrypt(r.name_enc),
      registrationCancelled: r.cancelled_at !== null,
      presentDays,
      pre,
      post,
      eligible: rule.eligible,
      gaps: rule.gaps,
      // The reason for a certificate by hand is free text (it may name a health visit, a court date...): sealed, opened here for the trainers, whose read is audited.
      certificate: c ? { id: c.id, code: c.code, lang: c.lang, issuedOn: dateOnly(c.issued_on), byHandReason: c.by_hand_reason === null ? null : crypto.decrypt(c.by_hand_reason), revoked: c.revoked_at !== null } : null,
    };
  });
  const active = new Set(registrations.filter((r) => r.cancelled_at === null).map((r) => r.id));
  const phase = (p: TestPhase) => attempts.filter((a) => a.phase === p && active.has(a.registration_id)).map((a) => ({ personId: a.registration_id, percent: percentOf(a.score, a.max_score) }));
  const { pairs: _pairs, ...improvement } = trainingImprovement(phase('pre'), phase('post'));
  return {
    eventId: event.id,
    title: event.title,
    days,
    course: course ?? null,
    test: test ? { id: test.id, title: test.title, passPercent: test.pass_percent, questions: (test.questions as unknown[]).length } : null,
    participants,
    improvement,
  };
}

async function insertCertificate(
  tx: Tx,
  crypto: Crypto,
  c: { event: EventRow; registrationId: string; nameEnc: string; lang: 'vi' | 'en'; userId: string; byHandReason: string | null; issuedOn: string },
): Promise<string> {
  const id = uuidv7();
  const course = c.event.course_id ? await tx.selectFrom('courses').select('title').where('id', '=', c.event.course_id).executeTakeFirst() : undefined;
  // The name is copied, sealed afresh, so the certificate keeps it whatever happens to the registration.
  await tx
    .insertInto('certificates')
    .values({
      id,
      org_id: c.event.org_id,
      code: newCertificateCode((n) => randomBytes(n)),
      event_id: c.event.id,
      registration_id: c.registrationId,
      course_id: c.event.course_id,
      title: course?.title ?? c.event.title,
      name_enc: crypto.encrypt(crypto.decrypt(c.nameEnc)),
      lang: c.lang,
      issued_on: c.issuedOn,
      issued_by: c.userId,
      by_hand_reason: c.byHandReason === null ? null : crypto.encrypt(c.byHandReason),
    })
    .execute();
  return id;
}

/** Locks the event for issuing (one issuer at a time) and refuses a cancelled one, read under the lock: a cancellation committed meanwhile is seen. */
async function lockIssuing(tx: Tx, eventId: string): Promise<void> {
  const row = await tx.selectFrom('events').select('status').where('id', '=', eventId).forUpdate().executeTakeFirstOrThrow();
  if (row.status === 'cancelled') throw new Problem('CERTIFICATE_EVENT_CANCELLED');
}

/** Certificates for everyone the rule makes eligible who holds none yet; returns the new certificates' ids. */
export async function issueEligible(tx: Tx, crypto: Crypto, event: EventRow, userId: string, lang: 'vi' | 'en'): Promise<string[]> {
  // One issuer at a time per event, so two clicks never give one person two certificates.
  await lockIssuing(tx, event.id);
  const results = await eventResults(tx, crypto, event);
  const issuedOn = await orgToday(tx, event.org_id);
  const due = results.participants.filter((p) => p.eligible && !p.certificate && !p.registrationCancelled);
  const ids: string[] = [];
  for (const p of due) {
    const r = await tx.selectFrom('event_registrations').select('name_enc').where('id', '=', p.registrationId).executeTakeFirstOrThrow();
    ids.push(await insertCertificate(tx, crypto, { event, registrationId: p.registrationId, nameEnc: r.name_enc, lang, userId, byHandReason: null, issuedOn }));
  }
  return ids;
}

/** A certificate issued by a trainer's decision, whatever the rule says; the reason is kept with it. */
export async function issueByHand(tx: Tx, crypto: Crypto, event: EventRow, userId: string, a: { registrationId: string; lang: 'vi' | 'en'; reason: string }): Promise<string> {
  await lockIssuing(tx, event.id);
  const r = await tx
    .selectFrom('event_registrations')
    .select(['id', 'name_enc'])
    .where('id', '=', a.registrationId)
    .where('event_id', '=', event.id)
    .where('org_id', '=', event.org_id)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
  if (!r) throw new Problem('REGISTRATION_NOT_IN_EVENT', {}, 'registrationId');
  const held = await tx.selectFrom('certificates').select('id').where('registration_id', '=', r.id).where('revoked_at', 'is', null).executeTakeFirst();
  if (held) throw new Problem('CERTIFICATE_ALREADY_ISSUED', {}, 'registrationId');
  return insertCertificate(tx, crypto, { event, registrationId: r.id, nameEnc: r.name_enc, lang: a.lang, userId, byHandReason: a.reason, issuedOn: await orgToday(tx, event.org_id) });
}

/** Revokes with the reason, sealed like the by-hand reason (free text about a person). */
export async function revokeCertificate(tx: Tx, crypto: Crypto, orgId: string, userId: string, id: string, reason: string): Promise<void> {
  const c = await tx.selectFrom('certificates').select(['id', 'revoked_at']).where('id', '=', id).where('org_id', '=', orgId).forUpdate().executeTakeFirst();
  if (!c) throw new Problem('NOT_FOUND');
  if (c.revoked_at) throw new Problem('CERTIFICATE_ALREADY_REVOKED');
  await tx.updateTable('certificates').set({ revoked_at: new Date(), revoked_by: userId, revoke_reason: crypto.encrypt(reason) }).where('id', '=', id).execute();
}

/** By certificate id, or the registration's current (unrevoked) certificate. */
export async function certificateDocument(tx: Tx, crypto: Crypto, orgId: string, by: { id: string } | { registrationId: string }): Promise<CertificateDocument | undefined> {
  let q = tx
    .selectFrom('certificates')
    .innerJoin('events', 'events.id', 'certificates.event_id')
    .select(['certificates.id', 'certificates.code', 'certificates.title', 'certificates.name_enc', 'certificates.issued_on', 'certificates.lang', 'certificates.revoked_at'])
    .select(['events.id as event_id', 'events.org_id', 'events.title as event_title', 'events.status', 'events.course_id', 'events.details', 'events.first_day', 'events.last_day'])
    .where('certificates.org_id', '=', orgId);
  q = 'id' in by ? q.where('certificates.id', '=', by.id) : q.where('certificates.registration_id', '=', by.registrationId).where('certificates.revoked_at', 'is', null);
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  const event: EventRow = { id: row.event_id, org_id: row.org_id, title: row.event_title, status: row.status, course_id: row.course_id, details: row.details, first_day: row.first_day, last_day: row.last_day };
  return {
    id: row.id,
    code: row.code,
    nameOnCertificate: crypto.decrypt(row.name_enc),
    title: row.title,
    eventTitle: row.event_title,
    days: eventDays(event),
    organisers: eventOrganisers(event),
    issuedOn: dateOnly(row.issued_on),
    lang: row.lang,
    revoked: row.revoked_at !== null,
  };
}
