import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { WebErrorCodes } from '../errors.js';

/**
 * JSON error bodies of plugin routes. Bad input answers 400 with the schema
 * errors; a route's own 4xx passes through; anything else is a 500 that names
 * the plugin and the request id (to find the stack in the log) and no stack.
 */
export function replyError(
  plugin: string,
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  onServerError: () => void,
): FastifyReply {
  if (error.validation) {
    return reply.code(400).send({
      statusCode: 400,
      error: 'Bad Request',
      code: 'PB_WEB_BAD_REQUEST',
      message: `${error.validationContext ?? 'request'} ${error.message.replace(/^(body|querystring|params|headers)\/?\s*/, '')}`,
      details: error.validation.map((v) => ({
        path: v.instancePath || '/',
        message: v.message,
        keyword: v.keyword,
        params: v.params,
      })),
      requestId: request.id,
    });
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    return reply
      .code(status)
      .send({ statusCode: status, error: error.name, message: error.message, requestId: request.id });
  }
  onServerError();
  request.log.error(
    { err: error, plugin },
    `@plugboard/web: route ${request.method} ${request.url} of plugin "${plugin}" failed`,
  );
  return reply.code(500).send({
    statusCode: 500,
    error: 'Internal Server Error',
    code: WebErrorCodes.ROUTE_FAILED,
    message: `@plugboard/web: plugin "${plugin}" failed to answer this request; the server log has the details under request id ${request.id}.`,
    requestId: request.id,
  });
}
