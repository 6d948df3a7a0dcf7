// The OpenAPI document, generated from the same zod schemas that validate requests, and a readable page.
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: { type?: string } }[];
  responses?: Record<string, { description?: string }>;
  security?: unknown[];
}

export async function setUpOpenApi(app: FastifyInstance, baseUrl: string) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Waymark API',
        version: '1',
        description:
          'JSON API beside the pages. Errors are `{ "error": { "code", "message", "fields"? } }` with a 4xx or 5xx status.',
      },
      servers: [{ url: baseUrl }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token (wmk_...)' } },
      },
    },
    transform: jsonSchemaTransform,
  });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () => app.swagger());

  app.get('/api/docs', { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) => {
    const document = app.swagger() as { paths?: Record<string, Partial<Record<(typeof methods)[number], Operation>>> };
    const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      methods.flatMap((method) => {
        const op = item[method];
        return op
          ? [{ method: method.toUpperCase(), path, ...op, id: `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-') }]
          : [];
      }),
    );
    return reply.view('pages/api-docs.njk', { operations });
  });
}
