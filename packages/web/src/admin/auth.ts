import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Equal-length digests, so the comparison takes the same time whatever the guess. */
const digest = (s: string) => createHash('sha256').update(s).digest();

export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

/** The token from `Authorization: Bearer …`, or `?token=` (browsers cannot set headers on a WebSocket). */
export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7);
  const q = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof q === 'string' ? q : undefined;
}

/** onRequest hook for the admin API: 401 with a JSON body that says what to send. */
export function requireToken(expected: string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (tokenMatches(expected, tokenOf(request))) return;
    return reply.code(401).header('www-authenticate', 'Bearer').send({
      statusCode: 401,
      error: 'Unauthorized',
      code: 'PB_WEB_ADMIN_UNAUTHORIZED',
      message: '@plugboard/web: the admin API needs the admin token: send "Authorization: Bearer <token>".',
    });
  };
}
