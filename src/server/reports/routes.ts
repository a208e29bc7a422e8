import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/**
 * Indicator dashboards, indicator tables (JSON and CSV) and managers' line lists (issue #6 §2–3).
 *
 * THE CONTRACT (the web dashboard and the bench are built against it in parallel; keep it exactly):
 * All under `src/server/reports/`. `scope` is the string `network` or an organisation id; the server resolves it with `reportAccess(memberships, ReportScope)` from src/core/indicators/access.ts (403 `REPORT_SCOPE_FORBIDDEN`-style Problem with an actionable message when null). Queries for one organisation run in `inOrg`, several/all in `asSystem` (aggregates only leave the SQL). Presentation (suppression when `access.suppressed`, labels of sites/organisations/catalogue items) is the pure core function `presentIndicator(table: IndicatorTable, options: { suppressed: boolean; labels: PresentedTable['labels'] }): PresentedTable` in `src/core/indicators/present.ts`.
 * 
 * 1. `GET /api/reports/scopes` (access `indicators.read`) → `{ scopes: Array<{ scope: string; name: string; suppressed: boolean }> }` — network view first (name = the network's name), then each organisation (its name).
 * 2. `GET /api/reports/dashboard?scope=<scope>&periodKind=month|quarter|year&period=<key: 2026-11 | 2026-Q4 | 2026>` (access `indicators.read`) →
 *    ```
 *    { scope: string; name: string; suppressed: boolean;
 *      period: Period; previous: Period;            // Period from src/core/indicators/periods.ts
 *      headlines: Array<{ indicatorId: IndicatorId; current: PresentedTotal; previous: PresentedTotal }>;  // every indicator that has SQL (hasSql), in INDICATORS order
 *      series: PresentedTable[];  // the 12 periods ending with `period`, no disaggregation: people_reached, new_clients, contacts, anonymous_contacts, prevention_coverage, referrals_made
 *      bars: PresentedTable[] }   // `period` only: people_reached by [age_band, sex_at_birth]; services_by_type; screenings_positive; crisis_episodes; commodities_distributed; and, for a multi-organisation scope, people_reached by [organisation]
 *    ```
 *    Indicators without SQL yet are left out (the SQL for all 16 lands in parallel). The function behind it is `dashboardData(db: Kysely<Database>, input: { orgIds: readonly string[] | 'all'; suppressed: boolean; periodKind: PeriodKind; period: string }): Promise<Omit<Dashboard, 'scope' | 'name'>>` exported from `src/server/reports/dashboard.ts` (the bench times exactly this), with the `Dashboard` type exported from `src/core/indicators/dashboard.ts` (pure types shared with the web app).
 * 3. `GET /api/reports/indicators/:indicatorId?scope=&periodKind=&from=YYYY-MM-DD&to=YYYY-MM-DD&by=<0–2 comma-separated disaggregations>&format=json|csv` (access `indicators.read`) → `PresentedTable` (JSON), or with `format=csv`: `text/csv; charset=utf-8`, UTF-8 BOM, `Content-Disposition: attachment; filename="fieldlab-<indicatorId>-<from>-<to>.csv"`; header row in the request's language (Accept-Language vi|en, or `lang=vi|en`): period label, one column per dimension (labels: codes through core labels, ids through `labels`), value, numerator and denominator for rates/medians, and a note column saying "suppressed (< 5)" / "đã ẩn (< 5)" where hidden. A disaggregation the indicator does not support → 400 with the message "This indicator cannot be split that way" (vi too); more than 60 periods → 400. CSV downloads are audited (`indicators.export`).
 * 4. `GET /api/organisations/:orgId/exports/:list?from=&to=` (access `export.records`, the manager's own organisation only, `inOrg`) with `list` ∈ `clients | contacts | screenings | crisis_episodes | referrals` → CSV line list of the organisation's own records in the date range (BOM; vi/en headers). Columns: the client's code (UIC, the pseudonymous code managers already see in the app) and coded fields only — never nickname, phone, notes, referral reasons or any free text. Audited (`export.linelist`, with the list name and row count).
 */
export const reportRoutes: FastifyPluginAsyncZod = async () => {};
