import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { renderError, type ErrorCode, type Lang } from '../../core/errors/catalogue.ts';
import { ERRORS } from '../../core/errors/catalogue.ts';
import { Problem } from '../../core/errors/outcome.ts';

/** The language of a request's messages: the `Accept-Language` the web app sends, Vietnamese by default. */
export function requestLang(req: FastifyRequest): Lang {
  const header = req.headers['accept-language'];
  return typeof header === 'string' && header.trim().toLowerCase().startsWith('en') ? 'en' : 'vi';
}

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  field?: string;
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, problem: Problem): FastifyReply {
  const status = ERRORS[problem.code].status;
  const body: ErrorBody = { statusCode: status, code: problem.code, message: renderError(problem.code, requestLang(req), problem.params) };
  if (problem.field) body.field = problem.field;
  if (problem.code === 'TOO_MANY_ATTEMPTS' && typeof problem.params.minutes === 'number') {
    void reply.header('retry-after', String(problem.params.minutes * 60));
  }
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${Math.round(n / 1024)} KB`;
}

/**
 * An unexpected error's message can quote what a person typed (PostgreSQL's `invalid input syntax
 * for type uuid: "…"`), and the stack repeats the message: logs get the message with quoted parts
 * blanked, and the frames alone.
 */
function withoutQuotedValues(message: string): string {
  return message.replace(/"[^"]*"|'[^']*'|“[^”]*”/g, '"…"');
}

function stackFrames(stack: string | undefined): string | undefined {
  return stack?.split('\n').filter((line) => /^\s+at /.test(line)).join('\n');
}

/** Turns whatever a request raised into an error the person can act on. Only true surprises are 500s. */
export function installErrorHandling(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((err: FastifyError | Problem, req, reply) => {
    if (err instanceof Problem) return sendProblem(req, reply, err);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issue = err.validation[0];
      const where = err.validationContext === 'body' ? '' : `${err.validationContext}.`;
      const pathParts = issue?.instancePath?.split('/').filter(Boolean) ?? [];
      const params = (issue?.params ?? {}) as { keys?: string[] };
      let field = `${where}${pathParts.join('.')}` || err.validationContext || 'body';
      let detail = issue?.message ?? 'invalid';
      if (issue?.keyword === 'unrecognized_keys' && params.keys?.length) {
        field = `${where}${[...pathParts, params.keys[0]].join('.')}`;
        detail = requestLang(req) === 'vi' ? 'trường này không được phép' : 'this field is not allowed';
      }
      return sendProblem(req, reply, new Problem('VALIDATION', { field, detail }, field));
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(req, reply, new Problem('PAYLOAD_TOO_LARGE', { limit: formatBytes(bodyLimitBytes) }));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(req, reply, new Problem('UNSUPPORTED_MEDIA_TYPE'));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendProblem(req, reply, new Problem('INVALID_JSON'));
    }
    if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) {
      return sendProblem(req, reply, new Problem('INVALID_JSON'));
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      // A client error Fastify or a plugin raised; its message names no personal data, only the protocol.
      return sendProblem(req, reply, new Problem('BAD_REQUEST', { detail: err.message }));
    }
    req.log.error({ err: { type: err.name, code: err.code, detail: withoutQuotedValues(err.message), stack: stackFrames(err.stack) } }, 'request failed');
    return sendProblem(req, reply, new Problem('INTERNAL'));
  });
}
