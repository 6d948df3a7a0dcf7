// The kinds of event Waymark tells people about, each with the sentence a person ticks ("Email me when
// ...") and whether the email is on for someone who never chose. Every event also puts a notification in
// the person's list (always on), which opens the content at `anchor`. A capability that tells people about a
// new kind of event adds one line here; the settings page, the stored choices and `recipientsWanting` follow.
export const notificationEvents = [
  {
    key: 'comment_on_mine',
    label: 'someone comments on something I wrote',
    wantedByDefault: true,
    anchor: '#comments',
  },
  { key: 'reply_to_my_comment', label: 'someone replies to my comment', wantedByDefault: true, anchor: '#comments' },
  {
    key: 'moderation_outcome',
    label: 'a moderator publishes, sends back or turns down something I wrote',
    wantedByDefault: true,
    anchor: '',
  },
  {
    key: 'group_place_given',
    label: 'a place comes up for me at a reading group session',
    wantedByDefault: true,
    anchor: '#sessions',
  },
  {
    key: 'group_join_request',
    label: 'someone asks to join a reading group I run',
    wantedByDefault: true,
    anchor: '#requests',
  },
] as const;

export type NotificationEvent = (typeof notificationEvents)[number]['key'];

export const isNotificationEvent = (value: unknown): value is NotificationEvent =>
  notificationEvents.some((e) => e.key === value);

/** Where on the content's page a notification of this event opens ('' for the top). */
export const anchorOf = (event: string): string => notificationEvents.find((e) => e.key === event)?.anchor ?? '';
