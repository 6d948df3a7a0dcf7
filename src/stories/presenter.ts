// The wire format of stories: built field by field, so no database column leaks into the API.
import type { z } from 'zod';
import type { storyListResponse, storyResponse } from './schema.ts';
import type { StoriesService } from './service.ts';

type Page = Awaited<ReturnType<StoriesService['list']>>;
type Story = NonNullable<Awaited<ReturnType<StoriesService['find']>>>;

export function presentStoryPage(page: Page): z.infer<typeof storyListResponse> {
  return {
    total: page.total,
    page: page.page,
    pageSize: page.pageSize,
    items: page.items.map((s) => ({
      id: s.id,
      title: s.title,
      form: s.form,
      characteristics: s.characteristics,
      roles: s.roles,
      excerpt: s.excerpt,
      publishedAt: s.published_at?.toISOString() ?? null,
    })),
  };
}

export function presentStory(s: Story): z.infer<typeof storyResponse> {
  return {
    id: s.id,
    title: s.title,
    form: s.form,
    primaryCharacteristic: s.primary_characteristic,
    characteristics: s.characteristics,
    roles: s.roles,
    body: s.body,
    place: s.place,
    organisation: { name: s.org_name, sector: s.org_sector },
    author: s.author_name,
    visibility: s.visibility,
    publishedAt: s.published_at?.toISOString() ?? null,
  };
}
