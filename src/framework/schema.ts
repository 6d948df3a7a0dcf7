// Shapes of the framework API, from which the OpenAPI document is generated.
import { z } from 'zod';
import { characteristicKeys, roleGroups } from './types.ts';

export const frameworkResponse = z.object({
  version: z.string(),
  characteristics: z.array(
    z.object({
      key: z.enum(characteristicKeys),
      name: z.string(),
      summary: z.string(),
      subject: z
        .enum(['person', 'organisation'])
        .describe('`organisation` for the one trait that describes an employer'),
      indicators: z.array(z.string()),
    }),
  ),
  roles: z.array(z.object({ key: z.string(), name: z.string(), group: z.enum(roleGroups), summary: z.string() })),
  lessons: z.array(z.object({ key: z.string(), number: z.number().int(), title: z.string(), summary: z.string() })),
});

export const keyParams = z.object({ key: z.string().regex(/^[a-z0-9-]{1,60}$/) });
