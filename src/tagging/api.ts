// POST /api/v1/stories/suggest-tags: characteristics and roles suggested for a text, for writers' tools.
import type { FastifyPluginAsync } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../access/routes.ts';
import type { Services } from '../services.ts';
import { rateLimited } from '../throttles/web.ts';
import { apiError, HttpError } from '../web/errors.ts';
import { suggestLimits } from './service.ts';

export const suggestRequest = z.object({
  text: z
    .string()
    .min(suggestLimits.minChars)
    .max(suggestLimits.maxChars)
    .refine((t) => t.trim().length > 0, 'Send some text to suggest tags for.')
    .describe(
      `The story so far: title and body, as plain text or Markdown; only the first ${suggestLimits.readChars.toLocaleString('en-GB')} characters are read`,
    ),
});

const scored = z.array(
  z.object({ key: z.string(), score: z.number().min(0).max(1).describe('higher is a better fit; 0 to 1') }),
);
export const suggestResponse = z.object({
  characteristics: scored.describe('every characteristic of the framework, best first'),
  roles: scored.describe('every role of the framework, best first'),
});

export function taggingApi(services: Services): FastifyPluginAsync {
  return async (app) => {
    // The body is checked in the handler, after the access rule, so a stranger learns nothing from a 400.
    app.setValidatorCompiler((route) =>
      route.httpPart === 'body'
        ? (data: unknown) => ({ value: data })
        : validatorCompiler(route as Parameters<typeof validatorCompiler>[0]),
    );
    app.withTypeProvider<ZodTypeProvider>().post(
      '/stories/suggest-tags',
      {
        config: { access: 'signed_in' },
        // Room for the largest text allowed, written in multi-byte characters, inside a JSON string.
        bodyLimit: 4 * suggestLimits.maxChars + 1024,
        schema: {
          tags: ['stories'],
          summary: 'Suggested characteristics and roles for a text (offline model, rebuilt daily)',
          body: suggestRequest,
          response: { 200: suggestResponse, 400: apiError, 401: apiError, 429: apiError },
          security: [{}, { bearer: [] }],
        },
      },
      async (request) => {
        const parsed = suggestRequest.safeParse(request.body);
        if (!parsed.success) {
          throw new HttpError(400, 'invalid_request', 'Send { "text": "..." } with 1 to 50,000 characters of text.', {
            text: parsed.error.issues[0]?.message ?? 'Send some text.',
          });
        }
        const refused = await services.throttles.consume({ tagSuggestions: callerOf(request.principal).personId });
        if (refused) throw rateLimited(refused);
        return services.tagging.suggest(parsed.data.text);
      },
    );
  };
}
