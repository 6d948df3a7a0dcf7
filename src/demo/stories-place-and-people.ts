// Demo stories of practice about place, citizens, public ethos, skills and careers: the first half of the
// library a first start shows. Invented and written by the Waymark project.
import { callum, hannah, kit, priya, rosa, sunita, tom } from './people.ts';
import type { DemoStory } from './types.ts';

const ncc = 'northshire-county-council';

export const placeAndPeopleStories: DemoStory[] = [
  {
    slug: 'the-library-that-stayed-open',
    title: 'The library that stayed open',
    form: 'profile',
    primaryCharacteristic: 'locality',
    otherCharacteristics: ['austerity'],
    roles: ['resource-weaver', 'networker'],
    org: 'kelbridge-city-council',
    author: kit,
    place: 'Ashby Moor',
    visibility: 'public',
    body: `When the branch library in Ashby Moor was listed for closure, Jude, a community librarian, did not start with the budget. She started with the people who came through the door on a wet Tuesday.

She counted who used the computers, who came for the warmth, who waited for the bus inside. Then she asked the tenants' association, the food bank and the health visitors what they would do with the building if it were theirs for a day a week.

Eighteen months on, the library opens five days instead of three. The health visitors run a baby clinic in the reading room, the credit union has a desk, and volunteers from the estate staff the late opening.

> "It was never really a building for books," Jude says. "It was a building for Ashby Moor."`,
  },
  {
    slug: 'knowing-the-back-lanes',
    title: 'Knowing the back lanes',
    form: 'personal-narrative',
    primaryCharacteristic: 'locality',
    otherCharacteristics: ['equals'],
    roles: ['navigator'],
    org: 'northshire-fire-rescue',
    author: callum,
    place: 'North Northshire',
    visibility: 'public',
    body: `I grew up two villages from the station where I now work, and for years I thought that was just a nice coincidence. It turned out to be the most useful thing I bring.

When we started doing safe and well visits, the referral lists came from the county. They were accurate, but they missed people. I knew which farm cottages had an older man living alone at the end of a track, because my dad used to deliver his coal.

I started adding names after talking to the post office, the pub landlady and the vicar. We found eleven households in one parish who had no working smoke alarm and were on no list at all.

The lesson for me was simple: data tells you where to look, but it cannot tell you who is missing.`,
  },
  {
    slug: 'carers-at-the-table',
    title: 'Carers at the table',
    form: 'profile',
    primaryCharacteristic: 'equals',
    otherCharacteristics: ['ethos'],
    roles: ['commissioner'],
    org: ncc,
    author: tom,
    place: 'Northshire',
    visibility: 'public',
    body: `Dev had commissioned respite care three times before he realised he had never asked a carer what a good break looked like.

For the fourth round he did things differently. He paid eight unpaid carers for their time to sit on the design group, arranged sitting services so they could attend, and let them set the first agenda.

The carers did not ask for more hours in a care home. They asked for flexibility: a few hours at short notice, someone their relative already knew, and a phone number that a person answered.

The new contract costs about the same as the old one. Take-up has doubled. Dev now starts every commission by asking who will live with the result, and how soon they can be in the room.`,
  },
  {
    slug: 'the-complaint-that-changed-the-form',
    title: 'The complaint that changed the form',
    form: 'personal-narrative',
    primaryCharacteristic: 'equals',
    otherCharacteristics: ['skills'],
    roles: ['navigator', 'adjudicator'],
    org: 'kelbridge-city-council',
    author: kit,
    place: 'Kelbridge',
    visibility: 'public',
    body: `A woman rang to complain that our housing application form had made her cry. My first instinct was to explain why each question was there.

Instead I asked her to go through it with me, page by page. She had been asked the same question about her children four times, in four different ways, and each time it felt like an accusation.

I invited her and two other applicants to help us rewrite it. They cut nine pages to four. They also told us which words made people feel judged.

Completion rates went up, and so did accuracy. I still think about how close I came to defending the form instead of listening to her.`,
  },
  {
    slug: 'social-value-in-the-small-print',
    title: 'Social value in the small print',
    form: 'profile',
    primaryCharacteristic: 'ethos',
    otherCharacteristics: ['austerity'],
    roles: ['commissioner', 'broker'],
    org: ncc,
    author: priya,
    place: 'Northshire',
    visibility: 'public',
    body: `When the grounds maintenance contract came up for renewal, the cheapest bid was clear. Lena, a procurement officer, was asked to sign it off.

She looked again at the second bid. It cost four per cent more, but the company would recruit apprentices from the county's care leavers, buy locally and pay the real living wage.

Lena did the sums properly: the cost of supporting young people who were not in work, the money that would stay in local firms. She took a short, honest paper to the cabinet member, setting out both the extra cost and the return.

The second bid won. Lena says the hardest part was not the analysis but having the confidence to say that the cheapest option was not the best value.`,
  },
  {
    slug: 'selling-our-training',
    title: 'Selling our training without selling out',
    form: 'quote',
    primaryCharacteristic: 'ethos',
    otherCharacteristics: ['initiative'],
    roles: ['municipal-entrepreneur'],
    org: 'northshire-fire-rescue',
    author: callum,
    place: 'Northshire',
    visibility: 'public',
    body: `A station manager on why the service now sells first-aid training to local businesses:

> "We were nervous about charging for something that felt like part of our job. What settled it was agreeing that every penny goes back into free sessions for community groups, and that we never turn a charity away. The businesses pay a fair price, the money funds the free work, and our crews get better at teaching. We are still a public service. We just found a way to pay for more of it."`,
  },
  {
    slug: 'the-facilitator-in-the-room',
    title: 'The facilitator in the room',
    form: 'personal-narrative',
    primaryCharacteristic: 'skills',
    otherCharacteristics: ['leadership'],
    roles: ['broker', 'system-translator'],
    org: 'northshire-community-health',
    author: sunita,
    place: 'Kelbridge',
    visibility: 'public',
    body: `I trained as a physiotherapist, and for a long time I thought my value in meetings was my clinical knowledge. Then I was asked to chair a group on hospital discharge with social care, housing and two charities.

Nobody needed my view on mobility. They needed someone to stop the same three people talking, to write up what had actually been agreed, and to notice when the housing officer had gone quiet.

I did a short facilitation course and started to treat running a meeting as a skill in its own right. The group has now redesigned how people leave hospital when their home needs adapting, and waits have halved.

I still use my clinical knowledge every day. But the skills that made the difference were the ones nobody had ever assessed me on.`,
  },
  {
    slug: 'plain-words-for-planning',
    title: 'Plain words for planning',
    form: 'profile',
    primaryCharacteristic: 'skills',
    otherCharacteristics: ['equals'],
    roles: ['expert', 'storyteller'],
    org: 'kelbridge-city-council',
    author: kit,
    place: 'Kelbridge',
    visibility: 'signed_in',
    body: `Farid is a planning officer with twenty years of experience and a reputation for reports nobody outside the department could read.

A resident's letter changed that. She had missed the deadline to object to a development next to her home because she had not understood the notice.

Farid started writing a one-page plain-English summary for every major application: what is proposed, what it would change for neighbours, and how to have a say. He tested the first ones on his own teenage son.

Responses to consultations have risen, and councillors now ask for the summary before the full report. Farid's expertise did not change. What changed was who could use it.`,
  },
  {
    slug: 'from-the-shop-floor-to-the-town-hall',
    title: 'From the shop floor to the town hall',
    form: 'personal-narrative',
    primaryCharacteristic: 'career',
    otherCharacteristics: ['ethos'],
    roles: ['system-translator', 'broker'],
    org: ncc,
    author: rosa,
    place: 'Northshire',
    visibility: 'public',
    body: `Before I joined the council I spent nine years managing a supermarket. I thought the public sector would see that as an odd background. In fact it has been my most useful asset.

In retail you learn to watch what customers actually do, not what you think they do. When I moved into the council's customer services, I spent a week watching people use our offices and website.

I also understood how our suppliers think. When we renegotiated a contract with a private provider, I could see what mattered to their managers and where there was room to move.

Now I coordinate the county's graduate scheme, and I make sure every graduate spends time outside the council. The best ideas I have seen come from people who have stood on the other side of the counter.`,
  },
  {
    slug: 'a-secondment-to-the-charity',
    title: 'Six months on the other side',
    form: 'profile',
    primaryCharacteristic: 'career',
    otherCharacteristics: ['reflects'],
    roles: ['networker', 'system-translator'],
    org: 'kelbridge-wellbeing-network',
    author: hannah,
    place: 'Kelbridge',
    visibility: 'space',
    space: 'northshire-wellbeing-partnership',
    body: `Marcus, a council commissioning officer, spent six months on secondment with the Kelbridge Wellbeing Network, the charity he had funded for years.

He was struck by how much of the charity's time went on reporting to different funders in different formats. He had designed one of those formats.

He also saw how quickly the charity could act. When a group of young carers needed somewhere to meet, the charity found a room in two days. The council would have taken two months.

Back at the council, Marcus simplified the monitoring forms and set up a shared quarterly review with the charity's staff. He says he now reads every funding condition by asking what it would cost the people who have to meet it.`,
  },
];
