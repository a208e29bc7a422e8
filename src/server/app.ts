import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { Problem } from '../core/errors/outcome.ts';
import { authRoutes, SESSION_COOKIE } from './auth/routes.ts';
import { lookupSession } from './auth/store.ts';
import type { AppContext } from './context.ts';
import { healthRoutes } from './health/routes.ts';
import { installAccessControl } from './http/access.ts';
import { installErrorHandling, sendProblem } from './http/errors.ts';
import { serveWebApp } from './http/web.ts';
import { organisationRoutes } from './organisations/routes.ts';
import { setupRoutes } from './setup/routes.ts';
import { userRoutes } from './users/routes.ts';
import { catalogueRoutes } from './catalogue/routes.ts';
import { clientRoutes } from './clients/routes.ts';
import { syncRoutes } from './sync/routes.ts';
import { guidanceRoutes } from './crisis/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { screeningRoutes } from './screening/routes.ts';
import { providerRoutes } from './providers/routes.ts';
import { referralRoutes } from './referrals/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { fhirRoutes } from './fhir/routes.ts';
import { dhis2Routes } from './dhis2/routes.ts';
import { researchRoutes } from './research/routes.ts';
import { courseRoutes } from './courses/routes.ts';
import { coursePublicRoutes } from './courses/public-routes.ts';
import { eventRoutes } from './events/routes.ts';
import { pathwayRoutes } from './pathway/routes.ts';
import { visitRoutes } from './visits/routes.ts';
import { groupRoutes } from './groups/routes.ts';
import { startWarmup, writtenOrgs } from './indicators/warmup.ts';

/** What the log says of an address that matched no route: its first segment, e.g. `/registrations/…`. */
export function unmatchedRoute(url: string): string {
  const [first, ...rest] = url.split('?')[0]!.split('/').filter(Boolean);
  if (first === undefined) return '/';
  return `/${first}${rest.length ? '/…' : ''}`;
}

/** Log lines carry methods, routes and status codes; never bodies, cookies or query strings. */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
    serializers: {
      req: (req: { method: string; routeOptions?: { url?: string }; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        // The route pattern, not the URL: ids and query strings stay out of the logs. A request
        // that matches no route (a page of the web app, a mistyped API address) keeps only its first
        // segment: such addresses carry registration and certificate codes (/registrations/:code).
        route: req.routeOptions?.url ?? unmatchedRoute(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/** Trusts the nearest `hops` proxies only (proxy-addr counts the socket's peer as hop 0). */
function trustedHops(hops: number): false | ((address: string, hop: number) => boolean) {
  return hops > 0 ? (_address, hop) => hop < hops : false;
}

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'] | boolean;
  serveWeb?: boolean;
  /** Sees every route as registered, with the access rule it ends up with (the route table test). */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(ctx.config.logLevel),
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: trustedHops(ctx.config.trustProxy),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.decorate('ctx', ctx);
  app.decorateRequest('auth', null);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app, ctx.config.bodyLimitBytes);

  // While stopping, requests in flight finish and their connections close after the answer: a
  // kept-alive connection would otherwise hold the stop until its timeout.
  let stopping = false;
  app.addHook('preClose', async () => {
    stopping = true;
  });
  app.addHook('onSend', async (_req, reply) => {
    if (stopping) void reply.header('connection', 'close');
  });

  // Report tables computed again in the background after writes (src/server/indicators/warmup.ts):
  // a successful write notes its organisations once its answer is sent; stopping cancels timers
  // and a running refresh (between two of its transactions) before the database closes.
  const warmupMs = ctx.config.reportWarmupMs ?? 0;
  if (warmupMs > 0) {
    const warmup = startWarmup(ctx.db.kysely, { debounceMs: warmupMs, log: app.log });
    app.addHook('onResponse', async (req, reply) => {
      if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || reply.statusCode >= 400 || !req.auth) return;
      warmup.noteWrite(writtenOrgs(req));
    });
    app.addHook('preClose', async () => warmup.close());
  }

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // The app is served over plain HTTP on localhost in development; HSTS is for the proxy in front.
    strictTransportSecurity: false,
    // As frame-ancestors 'none', for browsers that only know the older header.
    xFrameOptions: { action: 'deny' },
  });
  await app.register(fastifyCookie);
  // The API reads JSON only: a text/plain body is what a form on another site can send without asking.
  app.removeContentTypeParser('text/plain');

  // API answers hold people's data: no browser, proxy or service worker keeps a copy.
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/') && !req.url.startsWith('/api/docs') && !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
  });

  // Writes must come from our own pages: a foreign Origin (or a cross-site fetch) is refused.
  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    const own = `${req.protocol}://${req.host}`;
    if ((origin && origin !== own) || site === 'cross-site') return sendProblem(req, reply, new Problem('FOREIGN_ORIGIN'));
  });

  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    req.auth = token ? await lookupSession(ctx.db.kysely, token, ctx.config.session) : null;
  });

  installAccessControl(app, { requireAdminTotp: ctx.config.requireAdminTotp });
  const { onRoute } = options;
  if (onRoute) app.addHook('onRoute', (route) => onRoute(route));

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Fieldlab API',
        version: ctx.version,
        description: 'Harm-reduction field work: organisations, people, roles, and the capabilities built on them. Errors are `{ statusCode, code, message, field? }`, with messages in the language of `Accept-Language` (vi or en).',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  await app.register(healthRoutes);
  await app.register(setupRoutes);
  await app.register(authRoutes);
  await app.register(organisationRoutes);
  await app.register(userRoutes);
  await app.register(catalogueRoutes);
  await app.register(clientRoutes);
  await app.register(syncRoutes);
  await app.register(screeningRoutes);
  await app.register(guidanceRoutes);
  await app.register(notificationRoutes);
  await app.register(providerRoutes);
  await app.register(referralRoutes);
  await app.register(reportRoutes);
  await app.register(fhirRoutes);
  await app.register(dhis2Routes);
  await app.register(researchRoutes);
  await app.register(courseRoutes);
  await app.register(coursePublicRoutes);
  await app.register(eventRoutes);
  await app.register(pathwayRoutes);
  await app.register(visitRoutes);
  await app.register(groupRoutes);

  const hasWeb = options.serveWeb !== false && (await serveWebApp(app, ctx.config.webDir));
  app.setNotFoundHandler(async (req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    if (hasWeb && req.method === 'GET' && !url.startsWith('/api/')) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(req, reply, new Problem('ROUTE_NOT_FOUND', { method: req.method, url: url.slice(0, 100) }));
  });
  return app;
}
