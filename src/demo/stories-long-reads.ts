// Three long demo stories (well over a thousand words each), so the library shows a full read beside its
// short pieces: a police sergeant, a government agency office and a home care company. Invented and
// written by the Waymark project.
import { bex, dafydd, marta } from './people.ts';
import type { DemoStory } from './types.ts';

export const longReadStories: DemoStory[] = [
  {
    slug: 'after-the-inquest',
    title: 'After the inquest',
    form: 'personal-narrative',
    primaryCharacteristic: 'reflects',
    otherCharacteristics: ['supportive', 'leadership'],
    roles: ['protector'],
    org: 'ardenvale-police',
    author: bex,
    place: 'Brindley Heath',
    visibility: 'public',
    daysAgo: 9,
    body: `I have been a police officer for fourteen years, and for most of them I would have told you that I was good at leaving work at work. I had a routine: change out of uniform at the station, radio off in the car, a walk round the reservoir before I went into the house. I thought that was resilience. It turns out it was mostly practice at not noticing.

This is about the year that changed, and what I learned from it. I have thought hard about whether to write it down. I am doing it because I know there are sergeants, nurses, social workers and housing officers reading this library who have their own version of the same year, and because the thing that helped me most was hearing someone else say it first.

## The call

Two winters ago, my team was called to a flat on the Brindley Heath estate. A neighbour had not seen the man who lived there for several days. We forced the door and found him. He had died alone some time before, and it was clear from the flat that he had been struggling for a long while: unopened letters, almost no food, the heating off.

We did everything that needed doing that day, and we did it properly. I was proud of how my team behaved, especially the probationer who had never been to a sudden death before. I made sure she was all right, wrote my statement and went home. I walked round the reservoir.

It was at the inquest, seven months later, that it caught up with me. Sitting in the coroner's court, I heard the whole timeline read out in one piece for the first time. The man had been in contact with five different services in the year before he died. Each had done its own part, closed its own case and moved on. One of those contacts was us: a welfare check the previous spring, when one of my own officers had found him "safe and well" and written it up in two lines.

Nobody had done anything wrong, by the rules. That was the hardest part to hear.

## What I did next, and why it did not work

For a couple of months I did what I think a lot of us do. I threw myself into process. I rewrote our welfare check guidance. I built a checklist. I asked for training. All of those things were useful, and none of them touched what was really going on, which was that I could not stop thinking about that flat.

I was short with my team. I stopped going to our Saturday meetings on the estate because I did not want to talk to anyone. I was sleeping badly and telling everyone I was fine. When my inspector asked how I was, I told her about the checklist.

Looking back, the force gave me plenty of ways to talk about the procedure and almost none to talk about what it felt like. We had a debrief after the inquest, and it was a good debrief in the sense that it was thorough. But it was about the paperwork. Nobody asked the people in the room how they were carrying it, and I certainly did not volunteer.

## The conversation that helped

What finally helped was a conversation I had not planned. At a partnership meeting about the estate, I ended up sitting next to a district nurse from the community health trust. She had been one of the five contacts in the timeline. We had never met. At the break she said, quietly, "I have thought about him every week since the inquest. Have you?"

I said yes, and then I said a great deal more than yes. We talked for forty minutes and missed half of the next agenda item. She told me that her team had a practice they called "the hour": once a month, anyone could bring a case that was still with them, and the rest of the group listened without trying to fix it. She said it did not make the hard cases go away, but it stopped people from carrying them on their own.

I went back to my inspector the following week and told her the truth. I said I was not coping as well as I had been pretending, and that I thought some of my team were not either. She did not reach for a form. She asked what I thought would help.

## What we built

We started small. Once a month, at the end of a late turn, anyone on the neighbourhood team could stay for an hour. There was tea, and there was one rule: you could talk about any incident that was still on your mind, and nobody was allowed to tell you what you should have done. We asked a trained peer supporter from another area to sit in for the first few sessions, so that it did not depend on me.

At the first session, two people came. One of them was the probationer from that winter, who said she had not slept properly for a week after the flat and had assumed that meant she was not cut out for the job. At the second session, six people came. By the summer it was most of the team, and the district nurse's colleagues had asked if they could join us every other month.

We changed a few practical things too. Debriefs after a sudden death now have two parts: what happened, and how people are. The second part is short, and it is not optional for supervisors, though it is for everyone else. New officers are told on their first day that struggling after a hard job is normal, and that saying so will not be held against them. With the council and the trust, we worked out a simple way for any of us to flag someone we were worried about on the estate to one named person, so that five separate contacts might become one conversation.

## What I have learned

I want to be careful here, because I do not think I have this sorted, and I distrust stories that end too neatly.

I have learned that what I called resilience was partly just not looking. Real resilience, for me, looks more like being honest early, with one or two people I trust, and letting them help me carry things that are too heavy to carry alone.

I have learned that the organisation matters. I could not have done any of this if my inspector had treated my honesty as a weakness. The fact that she listened, and then gave us time, an hour a month that she protected from the duty rota, did more for the team's wellbeing than any poster. When the chief inspector changed last spring, the new one asked what the hour cost. The answer was not much, and it went into the force's wellbeing plan with a small budget line of its own. That matters more than it sounds, because it means the hour no longer depends on one sympathetic manager.

I have learned that reflecting on my own is not the same as reflecting with others. My walks round the reservoir let me put things down for a while. The hour lets me pick them up and look at them, with people who understand, and learn something I can use the next time.

And I have learned that people in other services are carrying the same things we are. The district nurse and I still meet for coffee every couple of months. We do not talk about procedures. We talk about what the work is like, and it helps both of us.

## If you are reading this on a hard day

If you recognise yourself in the first half of this story, please tell someone, and tell them earlier than feels comfortable. It does not have to be a manager. It can be a colleague, a peer supporter, or someone from another team who you suspect might understand.

If you are a supervisor, ask people how they are before you ask them about the paperwork. Then protect the time for them to answer.

I still think about the man in the flat. I expect I always will. But I no longer think about him alone, and what we have built since has, I hope, made it a little more likely that someone in his position is noticed sooner.`,
  },
  {
    slug: 'nobody-is-a-caseload',
    title: 'Nobody is a caseload',
    form: 'profile',
    primaryCharacteristic: 'supportive',
    otherCharacteristics: ['equals', 'leadership'],
    roles: ['navigator', 'system-translator'],
    org: 'skills-and-benefits-agency',
    author: dafydd,
    place: 'Cwmderwen',
    visibility: 'public',
    daysAgo: 84,
    body: `When Carys Lloyd became manager of the Skills and Benefits Agency office in Cwmderwen, the first thing she did was sit in the waiting area for a whole morning. She left her lanyard in a drawer. She wanted to see the office the way the people who came to it saw it.

What she saw was a system that was working hard and getting in its own way. Appointments were booked in ten-minute slots, back to back, whoever was coming in and whatever for. A young man attending for the first time after losing his job sat down with a work coach for the same ten minutes as someone who had been coming in every fortnight for two years. Conversations ended mid-sentence when the next name was due. The screens on the wall showed ticket numbers, and staff called people by their numbers too, because that was what the system showed them.

"None of it was anyone's fault," Carys says. "Every rule had a reason. But put together, they told people that we were processing them. And our work coaches knew it. Some of the best people I have ever worked with were going home feeling like machine operators. Nobody who walks through that door is a caseload, and nobody behind the desk should be made to feel like one either."

## Starting with the work coaches

Carys did not start with a plan. She started with a question to her team of fourteen work coaches: if you could change one thing about how your day is organised, what would it be?

The answers came back quickly and were remarkably consistent. They wanted more say over the length of appointments. They wanted to see the same people each time, rather than whoever was next in the queue. They wanted time, once a week, to talk about the people they were most worried about. And several said they wanted to be able to pick up the phone to the council, the housing association and the college without going through a central referral line that took three weeks to answer.

Carys took the list to her regional manager. Most of it, she found, was possible within the existing rules if someone was prepared to take responsibility for it. The rest needed permission for a pilot.

## What changed

The changes were modest on paper.

Work coaches could book appointments of ten, twenty or forty minutes, using their own judgement about what each person needed. First appointments after someone lost a job were set at forty minutes unless there was a reason not to. Nobody had to justify a longer appointment in advance, but the team agreed to look together, once a month, at how the time was being used.

Each person was given a named work coach and, wherever possible, saw the same one every time. When a work coach was away, a named colleague covered for them, rather than the next available person.

The ticket numbers went. People were called by name, by someone who walked out to the waiting area to meet them.

Every Thursday afternoon the office closed to appointments for an hour. Work coaches used the time to discuss the people they were most concerned about, share what they knew about local support and plan joint work with partners.

And Carys spent much of her first six months building direct relationships with local organisations. The council's housing team, the further education college, two debt advice charities and the community mental health team each agreed a named contact whom work coaches could ring directly. Within a year the list had grown to nineteen organisations, and it was pinned beside every desk.

## The hard part

The hardest part was not the appointments or the relationships. It was the numbers.

The office, like every office in the agency, was measured weekly: how many appointments were held, how many people moved into work, how quickly claims were processed. Longer appointments meant fewer appointments. In the first two months of the pilot the weekly figures dipped, and a red flag went up on a dashboard somewhere in the regional office.

Carys had prepared for this. Before the pilot began, she had persuaded her regional manager to agree that for its six months the office would be judged on outcomes over the whole period rather than on weekly numbers. She had written down, in plain terms, what she expected to happen: fewer appointments at first, then fewer people coming back again and again, then more people moving into work that lasted.

"If I had not got that agreement in writing, the pilot would have been stopped in the second month," she says. "I do not blame anyone for that. People are under pressure from above too. But good ideas get killed all the time by being measured too early."

## What happened

By the end of the six months, the number of people moving into work from the office had risen by about a fifth. More striking to the team was that far fewer people were coming back within a few months, having lost the job again. Complaints fell to almost nothing. The college reported that the people the office referred were now finding the right courses first time, which had not always been so.

The figure Carys is proudest of appeared on no dashboard. In the staff survey, the share of work coaches who said they could use their own judgement at work went from under a third to nearly all of them. Sickness absence in the team halved.

## What the work coaches say

Siân, who has been a work coach in the office for eight years, says the change she noticed most was in the conversations.

"When you know you have forty minutes, and you know you will see the same person again in a fortnight, you stop rushing. You ask better questions. You find out that the man who has been applying for warehouse jobs for a year used to run a choir and would make a brilliant teaching assistant. You would never find that out in ten minutes.

"The Thursday hour matters just as much. This job is heavy at times. People bring their whole lives to the desk, and some of what they bring is frightening. Having an hour a week to talk it through with colleagues, and a list of people you can ring who will actually pick up, means you are not carrying it on your own."

Another work coach, who joined the agency from retail two years ago, puts it more simply. "I feel trusted. The organisation has decided that I know what I am doing, so I try very hard to deserve it."

## What is still hard

Not everything has worked. The direct lines to partners depend on people, and when a named contact moves on, the link can go cold for weeks before anyone notices. The team now checks the list every quarter and rings anyone they have not heard from. Some people still prefer a short appointment and find forty minutes an ordeal, which is a useful reminder that longer is not always better; it is the choice that matters. And the office still runs on the agency's national computer system, which was never designed for named work coaches and makes covering for a colleague more awkward than it should be.

## Beyond Cwmderwen

The pilot has since been extended to four more offices in the region, each adapting it to its own area. Carys is careful not to present it as a model to copy exactly. The details, she says, matter less than the principle behind them.

"Organisations like ours are very good at designing systems that work on average. But nobody who comes through our door is average. The organisation's job is to give the people on the front line enough room, enough time and enough connections to deal with the person in front of them. Everything else is paperwork."

She still sits in the waiting area for a morning every few months, with her lanyard in the drawer.`,
  },
  {
    slug: 'fifteen-minutes-is-not-a-visit',
    title: 'Fifteen minutes is not a visit',
    form: 'personal-narrative',
    primaryCharacteristic: 'ethos',
    otherCharacteristics: ['austerity', 'equals'],
    roles: ['broker', 'navigator'],
    org: 'millrace-home-care',
    author: marta,
    place: 'Langmere',
    visibility: 'public',
    daysAgo: 94,
    body: `I run the home care side of a company most people have never heard of. We are a private business. We make a profit, a small one, and we care for about four hundred people in their own homes on behalf of the county council. People are sometimes surprised that I think of myself as a public servant. I do, and this story is partly about why.

## The fifteen-minute problem

When I joined Millrace seven years ago, most of our visits were fifteen minutes long. That was what the council's contract paid for. In fifteen minutes a care worker was expected to get someone out of bed, help them wash and dress, make breakfast, give them their medication, write up the notes and leave in time to drive to the next person, usually on the other side of town.

Everybody knew it did not work. The care workers knew, because they ran late all day and went home feeling that they had let people down. The people we visited knew, because they could hear the care worker watching the clock. The council's commissioners knew too; I have never met one who thought fifteen minutes was enough. But the budget was the budget, and fifteen-minute visits were how the sums added up.

I remember shadowing a care worker called Precious in my first month. The woman we were visiting, Mrs Harker, had been a head teacher, and she wanted to talk about her garden. Precious talked about the garden too, while doing everything else at twice the speed anyone should. In the car afterwards she said, "She won't see another soul today. Fifteen minutes is not a visit. It's a task list."

I have never forgotten it.

## Why a private company cares

I should say something about money, because it is the part people are most suspicious of.

We are a business. If we lose money we close, and four hundred people need new carers overnight. So I watch costs closely. But I have also seen the other side of the sums. Short, rushed visits mean care workers leave. In my first year we were losing almost half our staff every twelve months. Each person who left cost us thousands in recruitment and training, and every new face was a stranger in someone's home, which is not what anybody wants at seven in the morning. Rushed visits also meant missed signs: an infection spotted late, a fall that might have been prevented. Those turned into hospital admissions, which cost the public far more than any care visit.

So when I say that fifteen-minute visits were a false economy, I say it as a business person as well as someone who cares about the people we support. The money was being spent either way. It was just being spent in the wrong place.

## Proposing something different

Three years ago the council's contract came up for renewal, and the commissioning team did something I had not seen before. Before they wrote the specification, they invited providers, care workers, people who use care and their families to a series of workshops. They asked us what we would do differently if we could.

I went with two of our care workers and a man we support, Mr Osei, who had agreed to come and describe his mornings. He was the most persuasive person in the room by a distance.

What came out of those workshops was a proposal that the council stop buying minutes. Instead, each person would have a few agreed outcomes, written with them in their own words: "I want to get to the lunch club on Tuesdays", "I want to shower without being rushed", "I want my daughter to stop worrying about me". Providers would be paid a fixed amount for each person and trusted to organise visits to meet those outcomes. Care workers would be organised into small teams covering a neighbourhood, so that the same few faces visited the same people.

I was excited and frightened in equal measure. If we got it wrong, we could lose a great deal of money. And there was an honest worry on the council's side too: if providers were paid per person rather than per minute, what would stop a company cutting corners and keeping the difference?

## How we made it work

We agreed, together, on a few safeguards. Every person's outcomes would be reviewed every three months, with them and their family, by someone from the council rather than from us. The council could see our visit records at any time. And we would publish, to the council and to the people we support, exactly how the money was spent: how much went on care workers' pay, how much on travel and training, how much on running the business, and how much was profit.

That last one was the hardest for our board to accept. Companies in our sector are not used to opening their books. I argued that if we wanted to be trusted with public money, we had to behave as if the public were looking over our shoulder. In the end the board agreed, and I think it has made us a better company.

We reorganised our care workers into neighbourhood teams of eight to ten. Each team plans its own rota, within the outcomes agreed with each person. Teams meet every week, on paid time, to talk about the people they support and swap visits where that makes sense. We raised pay above the local average, because we could now afford to keep people rather than constantly replacing them.

## What happened

The first six months were rocky. Some care workers found the freedom unsettling after years of being told exactly what to do and when. Two teams had to be reorganised. There was one month when we lost money and I did not sleep much.

But it settled. Visits are now as long as they need to be. Some are still short, because a quick check is all someone wants; others last an hour, because that is what it takes to get someone to the lunch club. Our staff turnover has fallen to under a fifth a year. Hospital admissions among the people we support have gone down. Mr Osei says that for the first time in years he knows who is coming through his door in the morning.

Precious now leads one of the neighbourhood teams. She still visits Mrs Harker's street, though Mrs Harker herself has since died. Precious went to the funeral. So did three others from the team, in their own time.

## What is still hard

I do not want to pretend this is finished. Recruitment is still the thing that keeps me awake: there are never enough care workers, and every supermarket in the county is offering more for easier work. Rural rounds are still expensive, because the driving between houses is unpaid time for nobody but paid time for us. And a fixed amount per person only works if the council reviews it honestly each year as prices rise. So far it has. If it ever stops doing so, the model will quietly slide back towards rushing.

## What I would say to others

To commissioners: you have more power than you think to change the rules of the game. The best thing our council did was ask us, and the people we support, before writing anything down.

To people in companies like mine: being a business and being a public service are not opposites. We have to make the numbers work. But we are spending public money on some of the most important moments in people's lives, and that should change how we behave. Being open about our money has cost us very little and earned us a great deal of trust.

And to care workers, who I think are among the most undervalued public servants in the country: thank you. You were right all along. Fifteen minutes is not a visit.`,
  },
];
