// Framework pages: the overview, and a page for each characteristic, role and lesson.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { topicPages } from './topics.ts';
import { roleGroups } from './types.ts';

const groupNames: Record<(typeof roleGroups)[number], string> = {
  emerging: 'Emerging roles',
  newer: 'Newer roles',
  'long-standing': 'Long-standing roles',
  'in-practice': 'Also used in practice',
};

const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

export function frameworkRoutes(services: Services): FastifyPluginAsync {
  const topics = topicPages(services);
  // The topic is also a tag of articles, which a signed-in reader may follow (src/subscriptions).
  async function followTopic(request: FastifyRequest, reply: FastifyReply, tag: string, label: string, url: string) {
    const buttons = await services.subscriptions.buttons(request.principal, [{ type: 'tag', target: tag, label }]);
    return buttons && { buttons, csrfToken: reply.generateCsrf(), returnTo: url };
  }
  return async (app) => {
    app.get(
      '/framework',
      { config: { access: 'public', pageCache: true }, schema: { hide: true } },
      async (_request, reply) => {
        const framework = await services.framework.current();
        const groups = roleGroups.map((g) => ({
          name: groupNames[g],
          roles: framework.roles.filter((r) => r.group === g),
        }));
        return reply.view('framework/views/framework.njk', { framework, groups });
      },
    );

    app.get<{ Params: { key: string } }>(
      '/framework/characteristics/:key',
      { config: { access: 'public', pageCache: true }, schema: { hide: true } },
      async (request, reply) => {
        const characteristic = await services.framework.characteristic(request.params.key);
        if (!characteristic) throw notFound('characteristic');
        const [framework, joined, follow] = await Promise.all([
          services.framework.current(),
          topics.characteristic(request.principal, characteristic),
          followTopic(
            request,
            reply,
            `characteristic:${characteristic.key}`,
            characteristic.name,
            `/framework/characteristics/${characteristic.key}`,
          ),
        ]);
        const lessons = framework.lessons.filter((l) => l.characteristics.includes(characteristic.key));
        return reply.view('framework/views/characteristic.njk', {
          characteristic,
          paragraphs: paragraphs(characteristic.description),
          lessons,
          topic: { kind: 'characteristic' },
          ...joined,
          follow,
        });
      },
    );

    app.get<{ Params: { key: string } }>(
      '/framework/roles/:key',
      { config: { access: 'public', pageCache: true }, schema: { hide: true } },
      async (request, reply) => {
        const role = await services.framework.role(request.params.key);
        if (!role) throw notFound('role');
        return reply.view('framework/views/role.njk', {
          role,
          groupName: groupNames[role.group],
          topic: { kind: 'role' },
          ...(await topics.role(request.principal, role)),
          follow: await followTopic(request, reply, `role:${role.key}`, role.name, `/framework/roles/${role.key}`),
        });
      },
    );

    app.get<{ Params: { key: string } }>(
      '/framework/lessons/:key',
      { config: { access: 'public', pageCache: true }, schema: { hide: true } },
      async (request, reply) => {
        const lesson = await services.framework.lesson(request.params.key);
        if (!lesson) throw notFound('lesson');
        const [framework, joined, follow] = await Promise.all([
          services.framework.current(),
          topics.lesson(request.principal, lesson),
          followTopic(
            request,
            reply,
            `lesson:${lesson.key}`,
            `Lesson ${lesson.number}: ${lesson.title}`,
            `/framework/lessons/${lesson.key}`,
          ),
        ]);
        const characteristics = framework.characteristics.filter((c) => lesson.characteristics.includes(c.key));
        return reply.view('framework/views/lesson.njk', {
          lesson,
          paragraphs: paragraphs(lesson.body),
          characteristics,
          topic: { kind: 'lesson' },
          ...joined,
          follow,
        });
      },
    );
  };
}
