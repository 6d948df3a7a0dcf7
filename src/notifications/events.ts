// The kinds of event Waymark emails people about, each with the sentence a person ticks ("Email me when
// ...") and whether it is on for someone who never chose. A capability that sends a new kind of email adds
// one line here; the settings page, the stored choices and `recipientsWanting` follow.
export const notificationEvents = [
  { key: 'comment_on_mine', label: 'someone comments on something I wrote', wantedByDefault: true },
  { key: 'reply_to_my_comment', label: 'someone replies to my comment', wantedByDefault: true },
  {
    key: 'moderation_outcome',
    label: 'a moderator publishes, sends back or turns down something I wrote',
    wantedByDefault: true,
  },
] as const;

export type NotificationEvent = (typeof notificationEvents)[number]['key'];

export const isNotificationEvent = (value: unknown): value is NotificationEvent =>
  notificationEvents.some((e) => e.key === value);
