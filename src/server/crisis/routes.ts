import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GUIDANCE, GUIDANCE_VERSION, validateGuidanceOverride } from '../../core/crisis/index.ts';
import { badRequest, notFound, Problem } from '../../core/errors/outcome.ts';
import { appendAudit } from '../audit/log.ts';
import { inOrg } from '../db/scope.ts';
import { actingRole, requireAuth } from '../http/access.ts';
import { deleteGuidanceOverride, listGuidanceOverrides, putGuidanceOverride } from './guidance.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const OverrideParams = z.object({ orgId: z.uuid(), presentation: z.string().min(1).max(60), lang: z.enum(['vi', 'en']) });
const Steps = z.strictObject({ steps: z.array(z.strictObject({ id: z.string(), text: z.string() })) });
const OverrideOut = z.object({ presentation: z.string(), lang: z.enum(['vi', 'en']), steps: z.array(z.object({ id: z.string(), text: z.string() })), updatedAt: z.string() });
const GuidanceOut = z.object({ version: z.string(), overrides: z.array(OverrideOut) });

/**
 * The first-response guidance an organisation's admin adapted per language. Only the wording of the
 * core guidance's steps can change (ids must be the core's), so a ticked step always means the same
 * act in every organisation's records; deleting an adaptation restores the default text.
 */
export const guidanceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/api/organisations/:orgId/guidance',
    { config: { access: 'organisation.read' }, schema: { tags: ['crisis'], summary: 'The guidance version and the texts this organisation adapted.', params: OrgParams, response: { 200: GuidanceOut } } },
    async (req) => ({ version: GUIDANCE_VERSION, overrides: await inOrg(db.kysely, req.params.orgId, (tx) => listGuidanceOverrides(tx, req.params.orgId)) }),
  );

  app.put(
    '/api/organisations/:orgId/guidance/:presentation/:lang',
    { config: { access: 'guidance.manage' }, schema: { tags: ['crisis'], summary: 'Adapt the wording of one presentation’s steps in one language.', params: OverrideParams, body: Steps, response: { 200: OverrideOut } } },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, presentation, lang } = req.params;
      const override = checkOverride({ presentation, lang, steps: req.body.steps });
      return inOrg(db.kysely, orgId, async (tx) => {
        const saved = await putGuidanceOverride(tx, orgId, auth.userId, override);
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'guidance.edit', entity: 'guidance', entityId: `${presentation}/${lang}` });
        return saved;
      });
    },
  );

  app.delete(
    '/api/organisations/:orgId/guidance/:presentation/:lang',
    { config: { access: 'guidance.manage' }, schema: { tags: ['crisis'], summary: 'Restore the default text of one presentation in one language.', params: OverrideParams, response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (req) => {
      const auth = requireAuth(req);
      const { orgId, presentation, lang } = req.params;
      return inOrg(db.kysely, orgId, async (tx) => {
        if (!(await deleteGuidanceOverride(tx, orgId, auth.userId, presentation, lang))) throw notFound();
        await appendAudit(tx, { orgId, actorUserId: auth.userId, actorRole: actingRole(auth, orgId), action: 'guidance.restore', entity: 'guidance', entityId: `${presentation}/${lang}` });
        return { ok: true as const };
      });
    },
  );
};

/**
 * The override against the core guidance: a known presentation (else 404), only its step ids
 * (else 400 naming the id), texts within limits. Returns the override as core normalised it.
 */
function checkOverride(override: { presentation: string; lang: 'vi' | 'en'; steps: { id: string; text: string }[] }): { presentation: string; lang: 'vi' | 'en'; steps: { id: string; text: string }[] } {
  if (!Object.hasOwn(GUIDANCE.presentations, override.presentation)) throw new Problem('GUIDANCE_PRESENTATION_UNKNOWN', { presentation: override.presentation.slice(0, 60) });
  const check = validateGuidanceOverride(override);
  if (check.ok) return check.override;
  const first = check.problems[0]!;
  const step = /^steps\.(\d+)\.id$/.exec(first.path);
  const id = step ? override.steps[Number(step[1])]?.id : undefined;
  if (id !== undefined && first.message.startsWith('Unknown step')) throw new Problem('GUIDANCE_STEP_UNKNOWN', { id: id.slice(0, 60) }, first.path);
  throw badRequest(first.message, first.path || 'steps');
}
