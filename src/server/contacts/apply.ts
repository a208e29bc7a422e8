import { contactTimeProblem, type ItemLine, type RecordAnonymousContactsArgs, type RecordContactArgs } from '../../core/contacts/schema.ts';
import type { MutationMeta } from '../sync/appliers.ts';
import { Rejection, type Batch } from '../sync/batch.ts';

function checkItems(b: Batch, lines: readonly ItemLine[], field: string): void {
  lines.forEach((line, i) => {
    if (!b.items.has(line.itemId)) throw new Rejection('ITEM_NOT_FOUND', `${field}.${i}.itemId`);
  });
}

function checkCommon(b: Batch, args: { siteId: string; at: string; commodities: ItemLine[]; iec: ItemLine[] }): void {
  if (!b.sites.has(args.siteId)) throw new Rejection('SITE_NOT_FOUND', 'siteId');
  if (contactTimeProblem(args.at, b.now)) throw new Rejection('CONTACT_TIME_INVALID', 'at');
  checkItems(b, args.commodities, 'commodities');
  checkItems(b, args.iec, 'iec');
}

/** recordContact: appends one contact with a registered client (under its merged identity). */
export function applyRecordContact(b: Batch, args: RecordContactArgs, _meta: MutationMeta): void {
  b.require('client.record');
  const clientId = b.canonicalClient(args.clientId);
  checkCommon(b, args);
  if (b.existingIds.has(args.contactId)) throw new Rejection('ALREADY_RECORDED', 'contactId');
  b.existingIds.add(args.contactId);
  b.rows.contacts.push({
    id: args.contactId,
    org_id: b.orgId,
    client_id: clientId,
    site_id: args.siteId,
    at: args.at,
    mode: args.mode,
    services: args.services,
    commodities: JSON.stringify(args.commodities),
    iec: JSON.stringify(args.iec),
    notes_enc: args.notes ? b.crypto.encrypt(args.notes) : null,
    follow_up_on: args.followUpOn,
    recorded_by: b.actor.userId,
    device_id: b.deviceId,
    version: b.nextVersion(),
  });
  b.record('contact.record', 'contact', args.contactId);
}

/** recordAnonymousContacts: appends a tally of people met without registering them. */
export function applyRecordAnonymousContacts(b: Batch, args: RecordAnonymousContactsArgs, _meta: MutationMeta): void {
  b.require('client.record');
  checkCommon(b, args);
  if (b.existingIds.has(args.tallyId)) throw new Rejection('ALREADY_RECORDED', 'tallyId');
  b.existingIds.add(args.tallyId);
  b.rows.anonymous.push({
    id: args.tallyId,
    org_id: b.orgId,
    site_id: args.siteId,
    at: args.at,
    mode: args.mode,
    counts: JSON.stringify(args.counts),
    services: args.services,
    commodities: JSON.stringify(args.commodities),
    iec: JSON.stringify(args.iec),
    recorded_by: b.actor.userId,
    version: b.nextVersion(),
  });
  b.record('anonymous_contacts.record', 'anonymous_contacts', args.tallyId);
}
