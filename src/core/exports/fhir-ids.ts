import { v5 as uuidv5 } from 'uuid';

/**
 * Ids of FHIR resources that are not one of our records' own ids. Ids are our own UUIDs; a record
 * that becomes two resources (a screening's QuestionnaireResponse and Observation; a referral's
 * ServiceRequest and Task) gives the second a UUIDv8 (RFC 9562 §5.8, "custom") derived from the
 * first, so it is stable across exports and unique in the bundle. A resource made from no record
 * (an instrument's Questionnaire) gets a UUIDv8 derived from its name (`nameDerivedId`).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Per derived kind, 16 bytes XORed into the source id (then version 8, variant 10xx). */
const DERIVE_MASKS = {
  observation: '5f0b2c1e9a7d4e36b1c8d2f04a6e9b17',
  task: 'a3e19d5c27b64f08c95e1a7d3b2f6c40',
  group: '1c7e4a92d05b3f68e2a9c41b7d8f0e53',
  attendance: '6b2d8e07f4a1c953d07e5b2a19c4f86e',
  questionnaire: 'a9b7f00b8c4d3c7746791edc72cb8aec',
} as const;

const uuidHex = (id: string): string => {
  if (!UUID.test(id)) throw new RangeError('Not a UUID');
  return id.replaceAll('-', '').toLowerCase();
};

/** A stable UUIDv8 for the second resource made from one record (see the module comment). */
export function derivedId(sourceId: string, kind: keyof typeof DERIVE_MASKS): string {
  return fromHex(uuidHex(sourceId), DERIVE_MASKS[kind]);
}

/**
 * A stable UUIDv8 for a resource named by a string rather than a record (a Questionnaire by its
 * canonical URL and version): the name's SHA-1 name-based UUID (RFC 9562 §5.5, URL namespace; the
 * name is a URI) with the kind's mask, as `derivedId`. The same name always gives the same id, on
 * every server and device; a version-8 id never equals one of our (version-7) record ids.
 */
export function nameDerivedId(name: string, kind: keyof typeof DERIVE_MASKS): string {
  return derivedId(uuidv5(name, uuidv5.URL), kind);
}

/**
 * The id of one client's attendance at one session (a row with no id of its own): a UUIDv8 from
 * the session's and the client's ids XORed together and with the attendance mask. Stable across
 * exports; two different pairs meet only if their XORs do, which random UUID bits make as unlikely
 * as two ids colliding; a version-8 id never equals one of our (version-7) record ids.
 */
export function attendanceId(sessionId: string, clientId: string): string {
  const a = uuidHex(sessionId);
  const b = uuidHex(clientId);
  const xored = Array.from({ length: 16 }, (_, i) => (parseInt(a.slice(i * 2, i * 2 + 2), 16) ^ parseInt(b.slice(i * 2, i * 2 + 2), 16)).toString(16).padStart(2, '0')).join('');
  return fromHex(xored, DERIVE_MASKS.attendance);
}

function fromHex(hex: string, mask: string): string {
  const bytes = Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16) ^ parseInt(mask.slice(i * 2, i * 2 + 2), 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const h = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
