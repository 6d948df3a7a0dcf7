// Demo stories of practice about reflection, austerity, initiative, leadership and supportive
// organisations: the second half of the first library. Invented and written by the Waymark project.
import { amira, callum, hannah, ines, priya, rosa, sunita, tom } from './people.ts';
import type { DemoStory } from './types.ts';

const ncc = 'northshire-county-council';

export const learningAndLeadingStories: DemoStory[] = [
  {
    slug: 'the-supervision-i-nearly-skipped',
    title: 'The supervision I nearly skipped',
    form: 'personal-narrative',
    primaryCharacteristic: 'reflects',
    otherCharacteristics: ['supportive'],
    roles: ['protector'],
    org: ncc,
    author: amira,
    place: 'Northshire',
    visibility: 'public',
    body: `Last winter I had the worst month of my career in children's services. A case I had worked on for a year ended badly, and I told everyone I was fine.

I nearly cancelled my supervision because I had too much to do. My manager noticed and would not let me. She did not ask about the case file first. She asked how I was sleeping.

For the first time I said out loud that I was not coping. We talked about what I could hand over, and she arranged a session with the staff counselling service.

I learned that reflection is not a luxury for quiet weeks. It is what lets you keep doing this work. Now I protect that hour for the people I supervise, especially when they say they are fine.`,
  },
  {
    slug: 'learning-circle-on-a-wednesday',
    title: 'The Wednesday learning circle',
    form: 'profile',
    primaryCharacteristic: 'reflects',
    otherCharacteristics: ['career'],
    roles: ['networker'],
    org: 'northshire-community-health',
    author: sunita,
    place: 'Northshire',
    visibility: 'public',
    body: `Every other Wednesday at eight, a district nurse, a housing officer, a police community support officer and a fire safety adviser meet for an hour over coffee.

Nobody chairs it. Each takes a turn to bring a situation from their work that did not go as they hoped, and the others ask questions before anyone offers advice.

It began when Grace, the district nurse, realised the four of them kept visiting the same households without talking to each other. The circle has since spread to three other towns.

Grace says the most useful question anyone has asked her there is also the simplest: "What would you do differently if you could start that visit again?"`,
  },
  {
    slug: 'the-shared-van',
    title: 'The shared van',
    form: 'profile',
    primaryCharacteristic: 'austerity',
    otherCharacteristics: ['initiative'],
    roles: ['resource-weaver'],
    org: 'open-door-kitchens',
    author: ines,
    place: 'Kelbridge',
    visibility: 'public',
    body: `Open Door Kitchens needed a refrigerated van to collect surplus food, and could not afford one. The council's meals service had a van that sat idle every afternoon.

Ines, the kitchen manager, rang the council's fleet manager and asked a simple question: what would it take to share it?

It took a lot of paperwork about insurance and hygiene, but within three months the van did meals in the morning and food collection in the afternoon. The council now charges the kitchen a small fee that covers the extra fuel.

The kitchen rescues two tonnes of food a month. Ines keeps a list of other things that sit idle across the town, from church halls to school kitchens in the holidays.`,
  },
  {
    slug: 'not-salami-slicing',
    title: 'Not another salami slice',
    form: 'quote',
    primaryCharacteristic: 'austerity',
    otherCharacteristics: ['leadership'],
    roles: ['system-architect'],
    org: ncc,
    author: tom,
    place: 'Northshire',
    visibility: 'organisation',
    body: `A head of service, at a budget workshop for managers:

> "We could take five per cent off every team again. We have done it four years running, and every team is now slightly worse at everything. This year I want us to ask a different question: which three things would we stop altogether, and what would we build with what that frees up? I would rather we did fewer things well than everything badly."`,
  },
  {
    slug: 'the-pop-up-clinic',
    title: 'The pop-up clinic',
    form: 'personal-narrative',
    primaryCharacteristic: 'initiative',
    otherCharacteristics: ['locality'],
    roles: ['municipal-entrepreneur', 'resource-weaver'],
    org: 'northshire-community-health',
    author: sunita,
    place: 'Eastmere',
    visibility: 'public',
    body: `Our vaccination rates in Eastmere were the lowest in the county. People told us the clinic was two buses away and only open in working hours.

I suggested a pop-up clinic in the market on a Saturday. The first answer was no: there was no precedent, no budget line and no process for it.

I wrote a one-page plan, borrowed a gazebo from the fire service, found two nurses willing to swap shifts and asked the market manager for a free pitch. We ran one trial morning and vaccinated sixty people.

Now the pop-up runs monthly and has its own budget. What I learned is that a small, safe trial is often the quickest way to get a yes.`,
  },
  {
    slug: 'the-apprentice-who-asked-why',
    title: 'The apprentice who asked why',
    form: 'flash-fiction',
    primaryCharacteristic: 'initiative',
    otherCharacteristics: ['skills'],
    roles: ['storyteller'],
    org: ncc,
    author: rosa,
    place: 'Harlow Vale',
    visibility: 'signed_in',
    body: `*A piece of fiction.*

On her third day, Leah asked why the team printed every email about highway defects and filed it in a cabinet.

Nobody knew. Someone thought it was for audit. Someone else thought it had started when the system crashed in 2011.

On her fourth day, Leah found the audit rules. They said nothing about paper.

On her fifth day, she showed her supervisor a shared inbox with folders for each ward, and how to search it.

On her sixth day, the cabinet was empty, and her supervisor asked her what else she had noticed.`,
  },
  {
    slug: 'stepping-back-so-others-step-up',
    title: 'Stepping back so others step up',
    form: 'personal-narrative',
    primaryCharacteristic: 'leadership',
    otherCharacteristics: ['reflects'],
    roles: ['system-architect'],
    org: 'northshire-fire-rescue',
    author: callum,
    place: 'Northshire',
    visibility: 'public',
    body: `When I became a watch manager I thought my job was to have the answer to everything. I checked every decision, and my crew stopped making any.

A mentor asked me how many decisions I had made that week that someone else could have made. I counted, and the answer was most of them.

I started asking "what do you think we should do?" and waiting for the answer. It was uncomfortable. Some answers were not what I would have chosen, but most were good, and some were better than mine.

The crew now runs its own community safety programme. My job is to clear the way for them and take the heat when something goes wrong.`,
  },
  {
    slug: 'leadership-without-a-title',
    title: 'Leadership without a title',
    form: 'profile',
    primaryCharacteristic: 'leadership',
    otherCharacteristics: ['locality'],
    roles: ['networker', 'storyteller'],
    org: 'kelbridge-wellbeing-network',
    author: hannah,
    place: 'Kelbridge',
    visibility: 'public',
    body: `Bernie is a receptionist at a Kelbridge community centre. She has no management title, but when the centre's future was in doubt, it was Bernie who held things together.

She knew every group that used the building and what each needed. She got them talking to each other, organised a shared rota for the rooms and persuaded two groups to merge their coffee mornings.

When the council and the charity sat down to decide what to do with the centre, they invited Bernie, because everyone kept mentioning her.

The centre is now run by a partnership of its users. Bernie still sits at reception, and she still knows everyone.`,
  },
  {
    slug: 'permission-to-cross-the-corridor',
    title: 'Permission to cross the corridor',
    form: 'profile',
    primaryCharacteristic: 'supportive',
    otherCharacteristics: ['leadership'],
    roles: ['system-architect'],
    org: ncc,
    author: priya,
    place: 'Northshire',
    visibility: 'public',
    body: `For years, adult social care and housing sat on the same floor of County Hall and rarely worked together. Any joint piece of work needed sign-off from two directors.

Last year the council changed the rule. Team managers can now agree joint work with any other team for up to three months without going up the chain.

Within weeks, a social worker and a housing officer had set up a joint visit for people at risk of losing their tenancy. A mental health worker joined them soon after.

Staff say the change cost nothing and saved hours of waiting. It also sent a message: the organisation trusted them to use their judgement.`,
  },
  {
    slug: 'the-laptop-that-arrived-on-day-one',
    title: 'The laptop that arrived on day one',
    form: 'quote',
    primaryCharacteristic: 'supportive',
    otherCharacteristics: [],
    roles: [],
    org: 'northshire-community-health',
    author: sunita,
    place: 'Northshire',
    visibility: 'public',
    body: `A community nurse who joined the trust from another part of the NHS:

> "In my last job it took five weeks to get a laptop, and I spent my first month writing notes on paper and typing them up at night. Here it was on the desk when I arrived, with my log-ins working and a person to ring if they did not. It sounds small. It told me this place cared whether I could do my job."`,
  },
  {
    slug: 'what-the-partnership-learned',
    title: 'What the partnership learned in its first year',
    form: 'personal-narrative',
    primaryCharacteristic: 'supportive',
    otherCharacteristics: ['career'],
    roles: ['broker'],
    org: ncc,
    author: rosa,
    place: 'Northshire',
    visibility: 'space',
    space: 'northshire-wellbeing-partnership',
    body: `I coordinate the partnership between the county council and the Kelbridge Wellbeing Network. This is for partners only: an honest look at our first year.

What worked: the joint team meeting every fortnight, the shared case list, and the charity's willingness to try things quickly.

What got in the way: our procurement rules, which treated the charity like any other supplier, and the council's IT, which would not let charity staff see the shared calendar.

For year two, I have asked for a simpler grant agreement and guest access to our systems. If you are on the partnership, please add what you would change.`,
  },
  {
    slug: 'notes-for-myself-on-a-hard-day',
    title: 'Notes for myself on a hard day',
    form: 'personal-narrative',
    primaryCharacteristic: 'reflects',
    otherCharacteristics: [],
    roles: ['protector'],
    org: ncc,
    author: amira,
    place: 'Northshire',
    visibility: 'private',
    body: `A draft for myself before I decide whether to share it.

Today a parent shouted at me in the reception area, and I carried it for the rest of the afternoon. I did what I needed to do, but I was short with a colleague afterwards.

Three things I want to remember: it was not about me; I need ten minutes after a conversation like that before the next one; and I should tell my manager when it happens instead of waiting for supervision.`,
  },
  {
    slug: 'mapping-the-estate-together',
    title: 'Mapping the estate together',
    form: 'profile',
    primaryCharacteristic: 'locality',
    otherCharacteristics: ['equals'],
    roles: ['system-architect', 'navigator'],
    org: ncc,
    author: tom,
    place: 'Kelbridge',
    visibility: 'organisation',
    body: `Before the county redesigned early help on the Westfield estate, Nadia from the policy team asked residents to draw their own map of the area.

They marked the places that felt safe, the places they avoided, where they went for help and where they would never go. The maps looked nothing like the council's service directory.

The most trusted place on the estate was a hairdresser. Nadia spent a morning there and came away with a list of worries no survey had picked up.

The new early help offer now runs partly from the community café the residents chose. Nadia keeps the hand-drawn maps on her office wall.`,
  },
  {
    slug: 'the-fire-officer-and-the-falls-team',
    title: 'The fire officer and the falls team',
    form: 'flash-fiction',
    primaryCharacteristic: 'career',
    otherCharacteristics: ['skills'],
    roles: ['system-translator', 'protector'],
    org: 'northshire-fire-rescue',
    author: callum,
    place: 'North Northshire',
    visibility: 'signed_in',
    body: `*A piece of fiction.*

Aled came to the house to fit a smoke alarm. He noticed the rug by the stairs, the bulb that had gone on the landing and the way Mrs Carr held the banister with both hands.

A year ago he would have fitted the alarm and left. Today he rang Jo from the falls team, whom he had met on a joint training day.

"Same house?" said Jo. "We've had her on the list for a month."

They came back together on Thursday. Aled fixed the bulb. Jo sorted the rug. Mrs Carr made tea for both of them, and said it was nice to have people who talked to each other.`,
  },
];
