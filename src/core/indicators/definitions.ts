import { z } from 'zod';
import { ANONYMOUS_SEXES, SERVICES, type Service } from '../contacts/schema.ts';
import { CRISIS_LEVELS, CRISIS_OUTCOMES } from '../crisis/schema.ts';
import { INSTRUMENT_IDS, type LocalText } from '../screening/types.ts';
import { DISAGGREGATION_IDS, DisaggregationId } from './disaggregations.ts';
import { addDays } from '../dates.ts';
import { PERIOD_KINDS, periodOf, previousPeriod, type Period } from './periods.ts';

/**
 * The programme's indicators as data (issue #6 §1): what each counts, in words a manager and an
 * evaluator read the same way. The SQL that computes them follows these texts; when one changes,
 * the other does.
 */
export const INDICATOR_UNITS = ['people', 'contacts', 'items', 'rate', 'days'] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

/**
 * A split that belongs to the indicator itself (services by type, items by catalogue item, …), as
 * opposed to a disaggregation by who or where. `values` null: ids of the database (catalogue items).
 */
export interface Breakdown {
  id: 'service' | 'item' | 'instrument' | 'band' | 'crisis_level' | 'crisis_outcome' | 'anonymous_sex';
  values: readonly string[] | null;
}

export interface IndicatorDefinition {
  id: string;
  name: LocalText;
  definition: LocalText;
  unit: IndicatorUnit;
  numerator: LocalText;
  /** Only for rates (and the median, whose "denominator" is the attendances it is taken over). */
  denominator: LocalText | null;
  breakdowns: readonly Breakdown[];
  disaggregations: readonly DisaggregationId[];
  /** Where the definition comes from, when not from us. */
  source?: string;
}

/**
 * Services that count as HIV/harm-reduction prevention for `prevention_coverage`. UNAIDS Global
 * AIDS Monitoring (GAM) indicator "Coverage of HIV prevention programmes among key populations"
 * (UNAIDS Indicator Registry; the GAM guidance's edition and indicator number not yet checked) counts people who received at least
 * two of: condoms and lubricant, counselling on condom use and safer sex, testing for sexually
 * transmitted infections, and for people who inject drugs, sterile needles and syringes — in the
 * past three months. Our nearest services:
 * - commodities: condoms, lubricant, safer smoking and injecting kits (the GAM commodity items);
 * - safer_use_counselling: safer use and safer sex counselling (the GAM counselling item);
 * - hiv_test, hcv_test: testing (GAM counts STI testing; we count HIV and hepatitis C tests);
 * - prep_information: information on PrEP, a biomedical prevention method (WHO's consolidated
 *   key-population guidelines list PrEP among the essential interventions; edition to be checked).
 * Not counted: general information, brief motivational conversations, mental-health checks,
 * referrals, group invitations, legal support, food and hygiene — valuable, but not HIV prevention
 * in the GAM sense, and counting them would inflate coverage against other countries' figures.
 */
export const PREVENTION_SERVICES = ['commodities', 'safer_use_counselling', 'hiv_test', 'hcv_test', 'prep_information'] as const satisfies readonly Service[];

const CLIENT = DISAGGREGATION_IDS;
const PLACE = ['province', 'site', 'organisation'] as const satisfies readonly DisaggregationId[];

export const INDICATORS = [
  {
    id: 'people_reached',
    name: { vi: 'Số người được tiếp cận', en: 'People reached' },
    definition: { vi: 'Số khách hàng đã đăng ký, khác nhau, có ít nhất một lần tiếp xúc trong kỳ.', en: 'Registered clients, each counted once, with at least one contact in the period.' },
    unit: 'people',
    numerator: { vi: 'Khách hàng khác nhau có ≥ 1 lần tiếp xúc trong kỳ', en: 'Distinct clients with ≥ 1 contact in the period' },
    denominator: null,
    breakdowns: [],
    disaggregations: CLIENT,
  },
  {
    id: 'new_clients',
    name: { vi: 'Khách hàng mới', en: 'New clients' },
    definition: { vi: 'Số khách hàng được đăng ký lần đầu trong kỳ.', en: 'Clients registered for the first time in the period.' },
    unit: 'people',
    numerator: { vi: 'Khách hàng có ngày đăng ký trong kỳ', en: 'Clients whose registration day is in the period' },
    denominator: null,
    breakdowns: [],
    disaggregations: CLIENT,
  },
  {
    id: 'contacts',
    name: { vi: 'Số lần tiếp xúc', en: 'Contacts' },
    definition: { vi: 'Số lần nhân viên gặp khách hàng đã đăng ký trong kỳ; một người có thể được tính nhiều lần.', en: 'Meetings between a worker and a registered client in the period; one person can count several times.' },
    unit: 'contacts',
    numerator: { vi: 'Lần tiếp xúc với khách hàng đã đăng ký trong kỳ', en: 'Contacts with registered clients in the period' },
    denominator: null,
    breakdowns: [],
    disaggregations: CLIENT,
  },
  {
    id: 'anonymous_contacts',
    name: { vi: 'Tiếp xúc ẩn danh', en: 'Anonymous contacts' },
    definition: { vi: 'Số người được gặp tại các buổi tiếp cận mà không đăng ký, theo số đếm của nhân viên; một người có thể được đếm ở nhiều buổi.', en: 'People met at outreach without registering, as counted by the worker; one person can be counted at several events.' },
    unit: 'contacts',
    numerator: { vi: 'Tổng số đếm ẩn danh trong kỳ', en: 'Sum of the anonymous counts in the period' },
    denominator: null,
    breakdowns: [{ id: 'anonymous_sex', values: ANONYMOUS_SEXES }],
    disaggregations: ['age_band', ...PLACE],
  },
  {
    id: 'services_by_type',
    name: { vi: 'Dịch vụ theo loại', en: 'Services by type' },
    definition: { vi: 'Số lần tiếp xúc với khách hàng đã đăng ký có cung cấp từng loại dịch vụ.', en: 'Contacts with registered clients in which each type of service was given.' },
    unit: 'contacts',
    numerator: { vi: 'Lần tiếp xúc trong kỳ có dịch vụ này', en: 'Contacts in the period that included the service' },
    denominator: null,
    breakdowns: [{ id: 'service', values: SERVICES }],
    disaggregations: CLIENT,
  },
  {
    id: 'commodities_distributed',
    name: { vi: 'Vật phẩm đã phát', en: 'Commodities distributed' },
    definition: { vi: 'Số lượng từng vật phẩm đã phát trong kỳ, cả khi tiếp xúc có đăng ký lẫn ẩn danh.', en: 'Quantity of each commodity handed out in the period, at registered and anonymous contacts.' },
    unit: 'items',
    numerator: { vi: 'Tổng số lượng theo vật phẩm', en: 'Sum of quantities by item' },
    denominator: null,
    breakdowns: [{ id: 'item', values: null }],
    disaggregations: PLACE,
  },
  {
    id: 'iec_distributed',
    name: { vi: 'Tài liệu truyền thông đã phát', en: 'IEC materials distributed' },
    definition: { vi: 'Số lượng từng tài liệu thông tin – giáo dục – truyền thông đã phát trong kỳ, cả khi tiếp xúc có đăng ký lẫn ẩn danh.', en: 'Quantity of each information, education and communication material handed out in the period, at registered and anonymous contacts.' },
    unit: 'items',
    numerator: { vi: 'Tổng số lượng theo tài liệu', en: 'Sum of quantities by material' },
    denominator: null,
    breakdowns: [{ id: 'item', values: null }],
    disaggregations: PLACE,
  },
  {
    id: 'prevention_coverage',
    name: { vi: 'Độ bao phủ dự phòng', en: 'Prevention coverage' },
    definition: {
      vi: 'Tỷ lệ khách hàng nhận ít nhất 2 loại dịch vụ dự phòng khác nhau (vật phẩm, tư vấn sử dụng an toàn hơn, xét nghiệm HIV, xét nghiệm viêm gan C, thông tin PrEP) trong 3 tháng cuối của kỳ, trên số khách hàng được tiếp cận trong 3 tháng đó.',
      en: 'Share of clients who received at least 2 different prevention services (commodities, safer use counselling, HIV test, hepatitis C test, PrEP information) in the last 3 months of the period, among clients reached in those 3 months.',
    },
    unit: 'rate',
    numerator: { vi: 'Khách hàng có ≥ 2 loại dịch vụ dự phòng trong 3 tháng', en: 'Clients with ≥ 2 different prevention services in the 3 months' },
    denominator: { vi: 'Khách hàng có ≥ 1 lần tiếp xúc trong 3 tháng', en: 'Clients with ≥ 1 contact in the 3 months' },
    breakdowns: [],
    disaggregations: CLIENT,
    source: 'UNAIDS Global AIDS Monitoring: Coverage of HIV prevention programmes among key populations (indicatorregistry.unaids.org)',
  },
  {
    id: 'screenings_done',
    name: { vi: 'Số người được sàng lọc', en: 'People screened' },
    definition: { vi: 'Số khách hàng có ít nhất một lần sàng lọc hoàn chỉnh của từng công cụ trong kỳ, theo mức của lần gần nhất.', en: 'Clients with at least one complete screening of each instrument in the period, by the band of the latest.' },
    unit: 'people',
    numerator: { vi: 'Khách hàng khác nhau được sàng lọc bằng công cụ này', en: 'Distinct clients screened with the instrument' },
    denominator: null,
    breakdowns: [{ id: 'instrument', values: INSTRUMENT_IDS }, { id: 'band', values: null }],
    disaggregations: CLIENT,
  },
  {
    id: 'screenings_positive',
    name: { vi: 'Số người sàng lọc dương tính', en: 'People screening positive' },
    definition: { vi: 'Số khách hàng có lần sàng lọc gần nhất trong kỳ đạt ngưỡng dương tính mà tổ chức đã đặt cho công cụ đó.', en: 'Clients whose latest screening of the instrument in the period reached the positive threshold the organisation set for it.' },
    unit: 'people',
    numerator: { vi: 'Khách hàng có lần sàng lọc gần nhất dương tính', en: 'Clients whose latest screening was positive' },
    denominator: null,
    breakdowns: [{ id: 'instrument', values: INSTRUMENT_IDS }, { id: 'band', values: null }],
    disaggregations: CLIENT,
  },
  {
    id: 'crisis_episodes',
    name: { vi: 'Các đợt khủng hoảng', en: 'Crisis episodes' },
    definition: { vi: 'Số đợt khủng hoảng đã kết thúc trong kỳ, theo mức độ và kết quả; đợt không gắn với khách hàng được tính vào ô "không rõ".', en: 'Crisis episodes closed in the period, by level and outcome; episodes without a client count as "unknown".' },
    unit: 'contacts',
    numerator: { vi: 'Đợt khủng hoảng kết thúc trong kỳ', en: 'Crisis episodes closed in the period' },
    denominator: null,
    breakdowns: [{ id: 'crisis_level', values: CRISIS_LEVELS }, { id: 'crisis_outcome', values: CRISIS_OUTCOMES }],
    disaggregations: CLIENT,
  },
  {
    id: 'referrals_made',
    name: { vi: 'Số ca chuyển gửi', en: 'Referrals made' },
    definition: { vi: 'Số ca chuyển gửi được lập trong kỳ, kể cả bản nháp.', en: 'Referrals created in the period, drafts included.' },
    unit: 'people',
    numerator: { vi: 'Ca chuyển gửi lập trong kỳ', en: 'Referrals created in the period' },
    denominator: null,
    breakdowns: [],
    disaggregations: CLIENT,
  },
  {
    id: 'referrals_completed',
    name: { vi: 'Số ca chuyển gửi hoàn thành', en: 'Referrals completed' },
    definition: { vi: 'Số ca chuyển gửi lập trong kỳ nay đã hoàn thành.', en: 'Referrals created in the period that are now completed.' },
    unit: 'people',
    numerator: { vi: 'Ca chuyển gửi lập trong kỳ, trạng thái hoàn thành', en: 'Referrals created in the period, now completed' },
    denominator: null,
    breakdowns: [],
    disaggregations: CLIENT,
  },
  {
    id: 'referral_completion_rate',
    name: { vi: 'Tỷ lệ chuyển gửi thành công', en: 'Referral completion rate' },
    definition: { vi: 'Tỷ lệ ca chuyển gửi đã hoàn thành trên các ca lập trong kỳ, không tính ca đã huỷ; kỳ gần đây sẽ thấp cho đến khi các ca khép lại.', en: 'Completed referrals among those created in the period, cancelled ones left out; a recent period reads low until its referrals close.' },
    unit: 'rate',
    numerator: { vi: 'Ca hoàn thành', en: 'Completed referrals' },
    denominator: { vi: 'Ca lập trong kỳ trừ ca đã huỷ', en: 'Referrals created in the period minus cancelled ones' },
    breakdowns: [],
    disaggregations: CLIENT,
    source: 'referralIndicators in src/core/referrals/indicators.ts',
  },
  {
    id: 'referral_median_days_to_attendance',
    name: { vi: 'Số ngày trung vị đến khi tới khám', en: 'Median days to attendance' },
    definition: { vi: 'Trung vị số ngày (theo giờ Việt Nam) từ ngày lập chuyển gửi đến ngày người đó tới nơi nhận; 0 là cùng ngày.', en: 'Median of the days (Vietnam time) from the day a referral was made to the day the person attended; 0 is the same day.' },
    unit: 'days',
    numerator: { vi: 'Trung vị số ngày đến khi tới khám', en: 'Median days to attendance' },
    denominator: { vi: 'Ca chuyển gửi lập trong kỳ đã có người tới khám', en: 'Referrals created in the period that were attended' },
    breakdowns: [],
    disaggregations: CLIENT,
    source: 'referralIndicators in src/core/referrals/indicators.ts',
  },
  {
    id: 'follow_ups_on_time',
    name: { vi: 'Theo dõi đúng hạn', en: 'Follow-ups on time' },
    definition: { vi: 'Tỷ lệ lần hẹn theo dõi (sau tiếp xúc hoặc khủng hoảng) đến hạn trong kỳ mà khách hàng được gặp lại vào hoặc trước ngày hẹn.', en: 'Share of follow-ups (after a contact or a crisis) due in the period where the client was met again on or before the due day.' },
    unit: 'rate',
    numerator: { vi: 'Lần hẹn có tiếp xúc vào hoặc trước ngày hẹn', en: 'Follow-ups with a contact on or before the due day' },
    denominator: { vi: 'Lần hẹn đến hạn trong kỳ', en: 'Follow-ups due in the period' },
    breakdowns: [],
    disaggregations: CLIENT,
  },
] as const satisfies readonly IndicatorDefinition[];

export type IndicatorId = (typeof INDICATORS)[number]['id'];
export const INDICATOR_IDS = INDICATORS.map((i) => i.id) as [IndicatorId, ...IndicatorId[]];
export const IndicatorIdSchema = z.enum(INDICATOR_IDS);

const byId = new Map<string, IndicatorDefinition>(INDICATORS.map((i) => [i.id, i]));
export function findIndicator(id: string): IndicatorDefinition | undefined {
  return byId.get(id);
}

/**
 * The window prevention coverage looks at: the three calendar months ending with the period's last
 * month (for a year, October to December), half-open like a period.
 */
export function preventionCoverageWindow(period: Period): { start: string; end: string } {
  const lastMonth = periodOf(addDays(period.end, -1), 'month');
  return { start: previousPeriod(previousPeriod(lastMonth)).start, end: period.end };
}

/**
 * `indicatorQuery`: one indicator over whole periods from `from` to `to` (days, both included),
 * split by at most two disaggregations, for the organisations in scope. `orgScope` 'network' is all
 * organisations and is always aggregated with small-cell suppression; a list of ids is a manager's
 * or evaluator's scope. A disaggregation the indicator does not support is refused.
 */
export const IndicatorQuery = z
  .strictObject({
    indicatorId: IndicatorIdSchema,
    periodKind: z.enum(PERIOD_KINDS),
    from: z.iso.date(),
    to: z.iso.date(),
    disaggregation: z
      .array(DisaggregationId)
      .max(2)
      .refine((xs) => new Set(xs).size === xs.length, { message: 'Each disaggregation may appear only once' })
      .default([]),
    orgScope: z.union([z.literal('network'), z.array(z.uuid()).min(1).max(500)]),
  })
  .refine((q) => q.from <= q.to, { message: '`from` must not be after `to`', path: ['to'] })
  .refine((q) => q.disaggregation.every((d) => (findIndicator(q.indicatorId)!.disaggregations as readonly string[]).includes(d)), {
    message: 'This indicator cannot be split that way',
    path: ['disaggregation'],
  });
export type IndicatorQuery = z.infer<typeof IndicatorQuery>;
