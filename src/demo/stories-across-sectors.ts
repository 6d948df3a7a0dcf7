// Demo stories from across the country and its public services: a police force, a government agency, a
// London borough, a district council, a home care company, and more from the first organisations. Short
// pieces sit beside longer ones. Invented and written by the Waymark project.
import { bex, dafydd, ines, joel, marta, olu, priya, sunita, yasmin } from './people.ts';
import type { DemoStory } from './types.ts';

export const acrossSectorsStories: DemoStory[] = [
  {
    slug: 'the-beat-meeting-in-the-launderette',
    title: 'The beat meeting in the launderette',
    form: 'personal-narrative',
    primaryCharacteristic: 'locality',
    otherCharacteristics: ['equals'],
    roles: ['networker', 'protector'],
    org: 'ardenvale-police',
    author: bex,
    place: 'Brindley Heath',
    visibility: 'public',
    daysAgo: 4,
    body: `For years our ward meetings happened in the community room at the police station on the first Thursday of the month. The same six people came. They were lovely, and they were not the ward.

When I took over the neighbourhood team for Brindley Heath, I spent a week asking people where they actually spent their time. The answer I heard most often surprised me: the launderette on Canal Street. Half the flats on the estate have no room for a washing machine, so on a Saturday morning there are twenty people in there with forty minutes to wait.

I asked the owner if we could bring a flask and some biscuits on the second Saturday of the month. He said yes, as long as we did not block the dryers.

The first morning, a young dad told me about the car that raced up and down his road after midnight. A woman who had lived on the estate for forty years told me which alley the dealing had moved to. Neither of them had ever been to a police meeting, and neither of them ever would.

We still hold the Thursday meeting. But the priorities we set for the ward now come mostly from Saturday mornings, and the people who set them can see us acting on what they told us.`,
  },
  {
    slug: 'the-person-in-front-of-the-desk',
    title: 'The person in front of the desk',
    form: 'quote',
    primaryCharacteristic: 'equals',
    otherCharacteristics: ['skills'],
    roles: ['protector', 'adjudicator'],
    org: 'ardenvale-police',
    author: bex,
    place: 'Ardenvale',
    visibility: 'signed_in',
    daysAgo: 19,
    body: `A custody sergeant, asked what she tells every new officer:

> "Whatever they have done, the person in front of the desk is having one of the worst nights of their life. Use their name. Tell them what happens next, and when. It costs you nothing, and it makes the night safer for everyone in the building, you included."`,
  },
  {
    slug: 'number-forty-one',
    title: 'Number forty-one',
    form: 'flash-fiction',
    primaryCharacteristic: 'career',
    otherCharacteristics: ['equals'],
    roles: ['navigator'],
    org: 'skills-and-benefits-agency',
    author: dafydd,
    place: 'Cwmderwen',
    visibility: 'public',
    daysAgo: 14,
    body: `*A piece of fiction.*

The screen said forty-one. Rhiannon looked at the name underneath and walked out to the waiting area herself.

"Gethin Morgan? It's Rhiannon. Line three, the night shift, 2009."

He stared, then laughed. They had stood at the same rollers for six years before the works closed. She had gone to the agency; he had gone from one short contract to the next.

At her desk he pushed a list of warehouse jobs towards her. She pushed it gently back.

"I thought the works was all I knew, too," she said. "Then I found out that running a shift is most of what this job is. You trained every new starter on our line, better than the supervisors did. Have you ever thought about teaching at the college?"`,
  },
  {
    slug: 'twenty-three-languages-and-one-noticeboard',
    title: 'Twenty-three languages and one noticeboard',
    form: 'profile',
    primaryCharacteristic: 'initiative',
    otherCharacteristics: ['locality', 'equals'],
    roles: ['municipal-entrepreneur', 'networker'],
    org: 'tannerside-council',
    author: yasmin,
    place: 'Tannerside',
    visibility: 'public',
    daysAgo: 24,
    body: `Abdi is a housing officer in Tannerside, where residents on his patch speak twenty-three languages between them. For years, letters about repairs, rent and safety went out in English only, and the borough paid an agency for interpreters when someone rang to complain.

Abdi noticed that the people who understood the letters were already translating them for their neighbours: on the stairs, at the school gate, in the corner shop. He did not wait for a strategy or a budget. He put a notice on the board in each block's entrance, asking who would be willing to help explain council letters in their own language, with a small payment in shopping vouchers for each session.

Forty residents replied in the first month. Abdi worked with the borough's training team on a short course about confidentiality and what to do when a conversation turns into a safeguarding worry. He agreed a simple process with his manager for paying people without a mountain of forms.

Two years on, the scheme covers every estate in the borough. Missed repair appointments have fallen by a third. The agency bill has shrunk, and the money saved pays for the vouchers several times over.

Abdi says the idea was never really his. "The neighbours were doing it already. All I did was notice, and ask the council to say thank you."`,
  },
  {
    slug: 'a-lettings-agency-of-our-own',
    title: 'A lettings agency of our own',
    form: 'quote',
    primaryCharacteristic: 'ethos',
    otherCharacteristics: ['initiative'],
    roles: ['municipal-entrepreneur'],
    org: 'tannerside-council',
    author: yasmin,
    place: 'Tannerside',
    visibility: 'public',
    daysAgo: 34,
    body: `A housing manager on why the borough set up its own lettings agency:

> "Families we were helping out of homelessness were paying agents' fees they could not afford, for flats that were not fit to live in. So we became the agent. We charge landlords a fair fee, we inspect every flat, and any surplus goes straight into preventing homelessness. It is a business, and it is still the council."`,
  },
  {
    slug: 'one-mower-three-parishes',
    title: 'One mower, three parishes',
    form: 'personal-narrative',
    primaryCharacteristic: 'austerity',
    otherCharacteristics: ['locality'],
    roles: ['resource-weaver', 'broker'],
    org: 'hollinsford-district-council',
    author: joel,
    place: 'Hollinsford',
    visibility: 'public',
    daysAgo: 29,
    body: `Three parish councils in our district each owned a ride-on mower. Each one was used about one day a week in summer and sat in a shed the rest of the time. Each parish paid for servicing, insurance and storage, and each had a volunteer who knew how to drive it and was getting tired of doing so.

When one of the mowers finally broke, the parish clerk rang me at the district council to ask whether we had any grant money for a new one. We did not. What I did have was a list of the other two parishes' clerks' phone numbers.

We met in a village hall with a pot of tea and a calendar. By the end of the evening, the three parishes had agreed to share the two mowers that still worked, keep them in one shed, and split the running costs. The district's grounds team agreed to train two more drivers and lend a trailer.

It sounds like a small thing, and it is. But it saved the parishes more than two thousand pounds between them in the first year, and it has started something. They now share a hedge cutter, a gazebo and a defibrillator training day. I keep being asked what the district did to make it happen. Mostly, we made the introductions and then got out of the way.`,
  },
  {
    slug: 'item-seven',
    title: 'Item seven',
    form: 'flash-fiction',
    primaryCharacteristic: 'leadership',
    otherCharacteristics: ['skills'],
    roles: ['expert'],
    org: 'hollinsford-district-council',
    author: joel,
    place: 'Hollinsford',
    visibility: 'public',
    daysAgo: 39,
    body: `*A piece of fiction.*

Item seven was the new housing on the old dairy site, and everyone expected the head of planning to present it. Instead, she sat in the public seats at the back.

At the officers' table, Mina, who had worked on the application for eighteen months, stood up with her notes shaking slightly.

A councillor asked a hard question about drainage. Mina glanced at the back of the room. Her head of service did not move; she only nodded, very slightly.

Mina answered it. Then she answered the next one.

Afterwards, in the corridor, the head of planning said only: "You knew it better than I did. That is why it was yours."`,
  },
  {
    slug: 'the-rota-that-lets-me-stay',
    title: 'The rota that lets me stay',
    form: 'quote',
    primaryCharacteristic: 'supportive',
    otherCharacteristics: ['reflects'],
    roles: [],
    org: 'millrace-home-care',
    author: marta,
    place: 'Langmere',
    visibility: 'public',
    daysAgo: 44,
    body: `A care worker who has been with the company for six years:

> "My team plans our own rota, and we plan it round each other's lives. I do the school run, somebody else does nights so she can study. In my last job I found out my shifts on a Sunday evening. Here I know a month ahead. That is the only reason I am still doing this work."`,
  },
  {
    slug: 'who-sits-on-the-interview-panel',
    title: 'Who sits on the interview panel',
    form: 'profile',
    primaryCharacteristic: 'skills',
    otherCharacteristics: ['equals'],
    roles: ['broker'],
    org: 'northshire-county-council',
    author: priya,
    place: 'County Hall',
    visibility: 'organisation',
    daysAgo: 49,
    body: `When the council recruited its last group of community connectors, Leanne from our People and Organisational Development team tried something new: every interview panel had a resident on it.

The residents came from the groups the connectors would work with: a young carer, a retired bus driver who volunteers at a food club, a mother who had been through the early help service herself. Leanne met each of them beforehand, explained how interviews work and what they could and could not ask, and paid them for their time.

The residents' questions were different from ours. They asked candidates how they would explain a confusing letter, what they would do if someone shouted at them, and how they would know when to stop talking and listen. In other words, they tested the everyday skills the job depends on, which our usual questions about qualifications never reached. Several candidates with excellent professional qualifications struggled. Two who had never worked in a council before shone.

Managers were nervous at first and enthusiastic by the end. One said the resident on her panel had spotted in five minutes something it would have taken her six months to notice. Leanne is now writing a short guide so that any team in the council can do the same.

This is shared with council colleagues first while we test the guide. Please tell us how it goes if you try it.`,
  },
  {
    slug: 'who-chairs-the-partnership',
    title: 'Who chairs the partnership?',
    form: 'personal-narrative',
    primaryCharacteristic: 'leadership',
    otherCharacteristics: ['supportive'],
    roles: ['networker', 'broker'],
    org: 'kelbridge-wellbeing-network',
    author: olu,
    place: 'Kelbridge',
    visibility: 'space',
    space: 'northshire-wellbeing-partnership',
    daysAgo: 54,
    body: `For partners only: something I have been meaning to say since the spring.

When the partnership started, the council chaired every meeting. Nobody decided that; it simply happened, because the council booked the rooms and sent the papers. Without anyone intending it, our charity staff started to behave like guests.

In April we tried rotating the chair. Each month a different person runs the meeting, from either organisation and at any level. Our newest support worker chaired in June, and it was one of the best meetings we have had, partly because she asked the questions the rest of us had stopped asking.

It has not all been smooth. Some months the papers go out late, and a rotating chair needs a good note-taker beside them. But I think the partnership now feels like something we hold together rather than something one of us runs. I would like us to keep it going, and I would welcome your views before the next review.`,
  },
  {
    slug: 'diners-on-the-board',
    title: 'Diners on the board',
    form: 'profile',
    primaryCharacteristic: 'equals',
    otherCharacteristics: ['ethos'],
    roles: ['broker'],
    org: 'open-door-kitchens',
    author: ines,
    place: 'Kelbridge',
    visibility: 'public',
    daysAgo: 64,
    body: `Open Door Kitchens serves about four hundred meals a week, and for its first three years the people who ate them had no say in how it was run.

That changed when Ines, the kitchen manager, asked the lunch club regulars what they would change. The answers were practical and sharp. Move the Friday lunch earlier so people can get the bus home before dark. Stop calling people "clients". Put the prices of the café's paid meals on the wall, so nobody has to ask.

The board agreed to set aside three seats for people who use the kitchen. The first three were elected by the diners themselves at a Tuesday lunch, by putting dried beans in jars.

They have changed more than the timetable. The diners' members pushed the social enterprise to start a pay-what-you-can evening, which now brings in more than it costs. They also sit on the panel that hires new staff. Ines says the board has become harder to please, and much better at its job.`,
  },
  {
    slug: 'handover-at-seven',
    title: 'Handover at seven',
    form: 'flash-fiction',
    primaryCharacteristic: 'reflects',
    otherCharacteristics: ['supportive'],
    roles: ['protector'],
    org: 'northshire-community-health',
    author: sunita,
    place: 'Northshire',
    visibility: 'signed_in',
    daysAgo: 74,
    body: `*A piece of fiction.*

At seven the night nurse handed over twelve patients in nine minutes, and then stood by the window without taking off her coat.

"And you?" said the day sister.

Nobody had asked before. The night nurse talked about the man in bed four for a long time. The sister listened and did not look at the clock.

Then the night nurse went home and slept.`,
  },
];
