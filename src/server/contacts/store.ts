import type { Tx } from '../db/scope.ts';
import { Rejection } from '../sync/batch.ts';

/**
 * Refuses (CONTACT_NOT_FOUND, on `contactId`) a contact that is not this organisation's record of
 * a contact with this client, the client taken under its merged identity (`clientId` is canonical).
 * Call after the batch's flush: the contact may have come in the same push.
 */
export async function requireClientContact(tx: Tx, orgId: string, contactId: string, clientId: string): Promise<void> {
  const contact = await tx
    .selectFrom('contacts')
    .innerJoin('clients', 'clients.id', 'contacts.client_id')
    .select(['clients.id', 'clients.merged_into'])
    .where('contacts.org_id', '=', orgId)
    .where('contacts.id', '=', contactId)
    .executeTakeFirst();
  if (!contact || (contact.merged_into ?? contact.id) !== clientId) throw new Rejection('CONTACT_NOT_FOUND', 'contactId');
}
