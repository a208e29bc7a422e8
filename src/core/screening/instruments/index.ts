import type { Instrument, InstrumentId } from '../types.ts';
import { assist } from './assist.ts';
import { cssrs } from './cssrs.ts';
import { gad2 } from './gad2.ts';
import { gad7 } from './gad7.ts';
import { k10 } from './k10.ts';
import { k6 } from './k6.ts';
import { phq2 } from './phq2.ts';
import { phq9 } from './phq9.ts';
import { sds } from './sds.ts';

/** Every instrument Fieldlab can administer, by id. The web renders its forms from these. */
export const INSTRUMENTS = { phq9, phq2, gad7, gad2, k10, k6, assist, sds, cssrs } satisfies Record<InstrumentId, Instrument>;

export function getInstrument<I extends InstrumentId>(id: I): (typeof INSTRUMENTS)[I] {
  return INSTRUMENTS[id];
}
