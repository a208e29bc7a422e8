import { v7 } from 'uuid';

/** Record ids are UUIDv7 (RFC 9562): made anywhere, even offline on a phone, and sortable by time. */
export const newId = (): string => v7();
