import { sql, type RawBuilder } from 'kysely';
import type { LineList, LineListRecord } from '../../core/exports/line-lists.ts';
import type { Crypto } from '../db/crypto.ts';
import type { Tx } from '../db/scope.ts';

/**
 * Reads a line list's records (src/core/exports/line-lists.ts names the columns that leave).
 * Selects only coded columns plus the sealed UIC, which is opened here into the client's code:
 * nickname_enc, phone_enc, notes_enc, reason_enc and answers_enc are never selected. Days are the
 * organisation's local days, from `from` to `to` both included; times are written in its zone.
 */
export async function readLineList(tx: Tx, crypto: Crypto, orgId: string, list: LineList, from: string, to: string): Promise<LineListRecord[]> {
  const local = (col: string) => sql`(${sql.ref(col)} at time zone o.time_zone)`;
  const stamp = (col: string) => sql<string | null>`to_char(${local(col)}, 'YYYY-MM-DD HH24:MI')`;
  const inDays = (col: string): RawBuilder<boolean> => sql<boolean>`(${local(col)})::date between ${from}::date and ${to}::date`;
  const code = (sealed: string | null) => (sealed ? crypto.decrypt(sealed) : null);
  const org = sql`join organisations o on o.id = ${orgId}::uuid`;

  switch (list) {
    case 'clients': {
      const rows = await sql<{ uic_enc: string; registered_at: string; site: string | null; sex_at_birth: string | null; gender_identity: string; birth_year: number | null; key_populations: string[]; province: string; referral_source: string; merged: boolean }>`
        select c.uic_enc, ${stamp('c.registered_at')} as registered_at, s.name as site, c.sex_at_birth, c.gender_identity, c.birth_year, c.key_populations,
               c.province_id as province, c.referral_source, (c.merged_into is not null) as merged
        from clients c ${org} left join sites s on s.id = c.site_id
        where c.org_id = ${orgId}::uuid and ${inDays('c.registered_at')}
        order by c.registered_at, c.id`.execute(tx);
      return rows.rows.map(({ uic_enc, ...r }) => ({ ...r, client_code: code(uic_enc) }));
    }
    case 'contacts': {
      const rows = await sql<{ at: string; uic_enc: string; site: string | null; mode: string; services: string[]; commodities: number | string; iec: number | string; follow_up_on: string | null }>`
        select ${stamp('x.at')} as at, c.uic_enc, s.name as site, x.mode, x.services,
               coalesce((select sum((e->>'quantity')::int) from jsonb_array_elements(x.commodities) e), 0) as commodities,
               coalesce((select sum((e->>'quantity')::int) from jsonb_array_elements(x.iec) e), 0) as iec,
               to_char(x.follow_up_on, 'YYYY-MM-DD') as follow_up_on
        from contacts x ${org} join clients c on c.id = x.client_id left join sites s on s.id = x.site_id
        where x.org_id = ${orgId}::uuid and ${inDays('x.at')}
        order by x.at, x.id`.execute(tx);
      return rows.rows.map(({ uic_enc, ...r }) => ({ ...r, commodities: Number(r.commodities), iec: Number(r.iec), client_code: code(uic_enc) }));
    }
    case 'screenings': {
      const rows = await sql<{ at: string; uic_enc: string; instrument: string; complete: boolean; total: number | null; band: string | null; flags: string[] }>`
        select ${stamp('x.at')} as at, c.uic_enc, x.instrument_id as instrument, x.complete, x.total, x.band, x.flags
        from screenings x ${org} join clients c on c.id = x.client_id
        where x.org_id = ${orgId}::uuid and ${inDays('x.at')}
        order by x.at, x.id`.execute(tx);
      return rows.rows.map(({ uic_enc, ...r }) => ({ ...r, client_code: code(uic_enc) }));
    }
    case 'crisis_episodes': {
      const rows = await sql<{ at: string; uic_enc: string | null; site: string | null; level: string; red_flags: string[]; cssrs_band: string | null; outcome: string | null; follow_up_on: string | null; closed_at: string | null }>`
        select ${stamp('x.at')} as at, c.uic_enc, s.name as site, x.level, x.red_flags, x.cssrs_band, x.outcome,
               to_char(x.follow_up_on, 'YYYY-MM-DD') as follow_up_on, ${stamp('x.closed_at')} as closed_at
        from crisis_episodes x ${org} left join clients c on c.id = x.client_id left join sites s on s.id = x.site_id
        where x.org_id = ${orgId}::uuid and ${inDays('x.at')}
        order by x.at, x.id`.execute(tx);
      return rows.rows.map(({ uic_enc, ...r }) => ({ ...r, client_code: code(uic_enc) }));
    }
    case 'referrals': {
      const rows = await sql<{ code: string; at: string; uic_enc: string; provider: string | null; service: string; urgency: string; due_on: string; status: string; status_at: string }>`
        select x.code, ${stamp('x.at')} as at, c.uic_enc, p.name as provider, x.service, x.urgency, to_char(x.due_on, 'YYYY-MM-DD') as due_on, x.status, ${stamp('x.status_at')} as status_at
        from referrals x ${org} join clients c on c.id = x.client_id left join providers p on p.id = x.provider_id
        where x.from_org_id = ${orgId}::uuid and ${inDays('x.at')}
        order by x.at, x.id`.execute(tx);
      return rows.rows.map(({ uic_enc, ...r }) => ({ ...r, client_code: code(uic_enc) }));
    }
  }
}
