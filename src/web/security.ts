// Security headers: a strict content security policy (no inline script or style) and the helmet defaults.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export async function setUpWebSecurity(app: FastifyInstance) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // Waymark may run on plain http on a laptop; HSTS belongs to the TLS proxy in production.
    strictTransportSecurity: false,
  });
}
