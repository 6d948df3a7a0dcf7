// The built-in framework, version 2026.1: ten characteristics with indicators, the roles and eight lessons.
// Written in Waymark's own words; organisations may later map their own frameworks onto it.
import type { Framework } from './types.ts';

export const framework: Framework = {
  version: '2026.1',
  characteristics: [
    {
      key: 'locality',
      name: 'Rooted in place',
      summary: 'Cares about a place and its people, and starts from what they need rather than from the service.',
      description:
        'Public servants who are rooted in place know the streets, the groups and the histories of the area they serve. They see a problem the way a resident would see it before they see it as a case or a budget line.\n\nThat loyalty is a kind of civic pride. It shows when someone asks what a decision will mean for a particular estate or village, and when they bring local knowledge into rooms where it is missing.',
      subject: 'person',
      indicators: [
        'Asks residents and community groups what matters to them before proposing a change to a service.',
        'Explains how a decision will play out in particular neighbourhoods, not only across the whole area.',
        'Brings knowledge of local people, groups and history into planning conversations.',
        'Speaks up for the needs of the place when organisational interests pull the other way.',
      ],
    },
    {
      key: 'equals',
      name: 'Works with citizens as equals',
      summary: 'Treats people with respect and uses their experience to shape and share the work of services.',
      description:
        'Working with citizens as equals means treating the people who use services as experts in their own lives. Their experience is evidence, and it belongs at the start of design, not only in a consultation at the end.\n\nIt rests on a shared humanity: listening without defending, being honest about what the organisation can and cannot do, and sharing power where that is possible.',
      subject: 'person',
      indicators: [
        'Involves people who use a service in designing or reviewing it, from the start.',
        'Listens to criticism from residents without becoming defensive, and acts on what is learned.',
        'Explains decisions in plain language and is open about constraints.',
        'Shares control of a piece of work with citizens or community groups where it is safe to do so.',
      ],
    },
    {
      key: 'ethos',
      name: 'Public ethos, commercial awareness',
      summary: 'Keeps a public service ethos while making sure money is well spent and social value is created.',
      description:
        'Public servants increasingly buy, sell, trade and bid. This characteristic is about doing that without losing sight of why public services exist.\n\nIt combines an understanding of costs, income and contracts with a clear sense of fairness, integrity and the public interest, so that value for money and social value are weighed together.',
      subject: 'person',
      indicators: [
        'Weighs the social value of an option alongside its cost when making a recommendation.',
        'Understands the costs and income of their own area of work and explains them clearly.',
        'Raises concerns when a commercial choice would harm fairness or the public interest.',
        'Looks for ways to generate income or save money that also improve outcomes for people.',
      ],
    },
    {
      key: 'skills',
      name: 'Generic and professional skills',
      summary: 'Combines broad skills such as facilitating and organising with deep professional expertise.',
      description:
        'Specialist knowledge still matters, but much of the work now sits between specialisms. Communicating, facilitating, organising and making sense of evidence are what let expertise travel.\n\nPeople with this characteristic are flexible about how they contribute, and they live the values of their organisation in the way they work with others.',
      subject: 'person',
      indicators: [
        'Facilitates a meeting of people from different backgrounds so that everyone contributes.',
        'Explains specialist knowledge so that non-specialists can use it.',
        'Takes on tasks outside their professional role when the work needs it.',
        'Weighs evidence from several sources before reaching a judgement.',
      ],
    },
    {
      key: 'career',
      name: 'Career across sectors',
      summary: 'Has worked across public, private and voluntary settings and uses that breadth on complex problems.',
      description:
        'Careers now zigzag. Someone may move from a charity to a council, spend time in a private provider and return to the NHS. Each move brings a different way of seeing the same problem.\n\nThis characteristic is about using that breadth deliberately: understanding how partners think, translating between them, and drawing on contacts across sectors to get better outcomes for citizens.',
      subject: 'person',
      indicators: [
        'Draws on experience from another sector or service to suggest a new approach.',
        'Explains how a partner organisation sees an issue, so that colleagues can work with it.',
        'Keeps up contacts in other sectors and uses them to solve problems.',
        'Takes opportunities such as secondments, shadowing or joint projects outside their own organisation.',
      ],
    },
    {
      key: 'reflects',
      name: 'Reflects and learns',
      summary: 'Makes time to reflect, learns from peers and mentors, and is honest about the strain of the work.',
      description:
        'Reflection is how experience turns into learning. It needs time set aside, and people to think with: peers, coaches, mentors and the people who use services.\n\nIt also needs honesty. Public service work carries an emotional load, and people who reflect well can say when they are struggling instead of performing a resilience they do not feel.',
      subject: 'person',
      indicators: [
        'Sets aside time to think about what went well and what they would do differently.',
        'Seeks feedback, coaching or mentoring and acts on it.',
        'Tries out new ideas from reading, peers or other organisations in their own work.',
        'Talks openly about pressure and its effects, and supports others to do the same.',
      ],
    },
    {
      key: 'austerity',
      name: 'Creative under austerity',
      summary: 'Faces hard financial facts and constant change by solving problems imaginatively.',
      description:
        'Years of tight budgets push organisations towards cutting a little from everything. Creative public servants look for a different answer: new combinations of people, buildings, money and goodwill.\n\nThey accept the financial reality without being paralysed by it, and they treat change as a constant to work with rather than a storm to wait out.',
      subject: 'person',
      indicators: [
        'Proposes new ways of doing things when budgets fall, rather than only trimming existing services.',
        'Combines resources from different teams, partners or communities to meet a need.',
        'Stays constructive and focused on outcomes during periods of change.',
        'Tests a small, low-cost version of an idea before asking for more.',
      ],
    },
    {
      key: 'initiative',
      name: 'Municipal entrepreneur',
      summary: 'Takes the initiative, has ideas and sees them through, and is ready to do new things in new ways.',
      description:
        'Municipal entrepreneurs spot an opportunity and act on it. They are comfortable with some risk, they build support for an idea, and they stay with it until it works or until they have learned why it did not.\n\nThey are also ready to take on unfamiliar roles when the work needs them, instead of waiting for permission or for someone else to move first.',
      subject: 'person',
      indicators: [
        'Puts forward new ideas and builds support for them among colleagues and partners.',
        'Sees an idea through from proposal to delivery.',
        'Takes considered risks and shares what was learned when something does not work.',
        'Volunteers for unfamiliar roles or projects when they are needed.',
      ],
    },
    {
      key: 'leadership',
      name: 'Distributed leadership',
      summary: 'Rejects heroic leadership, trusts others to act, and supports leadership at every level.',
      description:
        'No single leader can hold the complexity of a place. Distributed leadership means trusting people to act, giving them room and backing, and recognising leadership wherever it shows up.\n\nThe qualities that matter here are often the quiet ones: collaboration, humility, listening, empathy and integrity, more than control or charisma.',
      subject: 'person',
      indicators: [
        'Gives colleagues the authority and support to make decisions in their own work.',
        'Shares credit for success and takes responsibility when things go wrong.',
        'Listens to people at every level before deciding.',
        'Encourages and recognises leadership shown by people without formal authority.',
      ],
    },
    {
      key: 'supportive',
      name: 'Flexible, supportive organisations',
      summary: 'The organisation’s side of the bargain: structures, processes and tools that help people do the work.',
      description:
        'The other nine characteristics describe people. This one describes the organisations they work in, because people cannot practise them alone.\n\nA supportive organisation keeps hierarchy and process from getting in the way, lets people work across silos, moves quickly when it needs to, and gives staff technology that helps. People say how far their own organisation does this; nobody is rated on it.',
      subject: 'organisation',
      indicators: [
        'Decisions are made close to the work, without unnecessary layers of sign-off.',
        'Teams can work across departmental and organisational boundaries without special permission.',
        'Processes and policies change quickly when they stop serving people well.',
        'Staff have technology and information that help them do their work.',
        'Time for reflection, learning and development is protected, not squeezed out.',
      ],
    },
  ],
  roles: [
    {
      key: 'storyteller',
      name: 'Storyteller',
      group: 'emerging',
      summary: 'Tells credible stories of how services could work, so that others can imagine the change.',
      description:
        'Storytellers help colleagues, partners and residents picture a different way of doing things. A good story makes a change feel possible and concrete, and it carries the voices of the people it affects.',
    },
    {
      key: 'resource-weaver',
      name: 'Resource weaver',
      group: 'emerging',
      summary: 'Recombines whatever resources exist, whatever their original purpose, to meet a need.',
      description:
        'Resource weavers look at buildings, budgets, skills, volunteers and goodwill as materials that can be combined in new ways. They are less interested in whose resource it is than in what it could achieve together with others.',
    },
    {
      key: 'system-architect',
      name: 'System architect',
      group: 'emerging',
      summary: 'Assembles coherent local systems from public, private and community parts.',
      description:
        'System architects see how services, organisations and communities fit together in a place, and design the connections between them so that people do not fall through the gaps.',
    },
    {
      key: 'navigator',
      name: 'Navigator',
      group: 'emerging',
      summary: 'Guides citizens through the options open to them.',
      description:
        'As services multiply and split between providers, navigators help people find their way. They know what is on offer, explain choices honestly and help people take the route that suits them.',
    },
    {
      key: 'commissioner',
      name: 'Commissioner',
      group: 'newer',
      summary: 'Works out what a place needs and secures it from whoever can best provide it.',
      description:
        'Commissioners assess need, design outcomes and arrange for services to be provided, whether by the public sector, charities or companies. The best do it with the people who will use the service.',
    },
    {
      key: 'broker',
      name: 'Broker',
      group: 'newer',
      summary: 'Brings together people and organisations that can help each other, and helps them agree.',
      description:
        'Brokers make introductions, negotiate and keep partnerships moving. They understand what each party needs and find the deal that works for the people the partnership serves.',
    },
    {
      key: 'networker',
      name: 'Networker (reticulist)',
      group: 'newer',
      summary: 'Builds and uses networks across organisations to get things done.',
      description:
        'Networkers, sometimes called reticulists, invest in relationships beyond their own team and organisation. Their networks let information, trust and resources move where they are needed.',
    },
    {
      key: 'regulator',
      name: 'Regulator',
      group: 'long-standing',
      summary: 'Sets and enforces standards that protect the public.',
      description:
        'Regulators inspect, license and enforce. The role is long-standing, but it increasingly calls for explaining rules, working with the people regulated and judging when advice will do more than sanctions.',
    },
    {
      key: 'protector',
      name: 'Protector',
      group: 'long-standing',
      summary: 'Keeps people safe from harm, especially those who are most at risk.',
      description:
        'Protectors safeguard children and adults, respond to emergencies and reduce risk. Much of the work now happens in partnership, and with the people at risk rather than only on their behalf.',
    },
    {
      key: 'adjudicator',
      name: 'Adjudicator',
      group: 'long-standing',
      summary: 'Makes fair decisions between competing claims and interests.',
      description:
        'Adjudicators decide who gets what: eligibility, allocations, appeals and disputes. Fairness, transparency and the ability to explain a decision are at the heart of the role.',
    },
    {
      key: 'expert',
      name: 'Expert',
      group: 'long-standing',
      summary: 'Brings deep professional knowledge to bear on a problem.',
      description:
        'Experts hold specialist knowledge, from engineering to social work to public health. The role endures, but experts increasingly share their knowledge with citizens and other professions rather than holding it apart.',
    },
    {
      key: 'municipal-entrepreneur',
      name: 'Municipal entrepreneur',
      group: 'in-practice',
      summary: 'Spots opportunities to do new things for a place and makes them happen.',
      description:
        'Municipal entrepreneurs start new ventures, services and partnerships in the public interest. They take considered risks, build support and see ideas through to delivery.',
    },
    {
      key: 'system-translator',
      name: 'System translator',
      group: 'in-practice',
      summary: 'Joins things up across institutional boundaries by translating between different worlds.',
      description:
        'System translators understand the language, incentives and constraints of several organisations or sectors, and help them understand each other. Cross-organisation talent schemes aim to grow their number.',
    },
  ],
  lessons: [
    {
      key: 'different-roles',
      number: 1,
      title: 'Future services need different roles',
      summary: 'New ways of delivering services call for roles that workforce plans do not yet describe.',
      body: 'As services are shared, commissioned and co-produced, the work changes shape. Roles such as navigator, broker and system architect are appearing, often without a job title to match.\n\nWorkforce planning that only counts existing posts will miss them. Organisations need to name these roles, recognise them in job design and help people grow into them.',
      characteristics: ['initiative', 'career', 'supportive'],
    },
    {
      key: 'changing-citizens',
      number: 2,
      title: 'Citizens are changing too',
      summary: 'People expect to be partners in services, not only recipients of them.',
      body: 'Citizens are better informed and more willing to challenge. Many want a say in the services they use, and some want to help run them.\n\nThat changes the job of a public servant: less deciding on behalf of people, more deciding with them, and more skill in sharing power well.',
      characteristics: ['equals', 'locality'],
    },
    {
      key: 'generic-skills',
      number: 3,
      title: 'Generic skills matter as much as technical ones',
      summary: 'Communicating, facilitating and organising are as important as professional expertise.',
      body: 'The hardest problems sit between professions and organisations. Solving them needs people who can bring others together, make sense of mixed evidence and communicate clearly.\n\nThese skills are often undervalued in training and promotion, which tend to reward technical depth alone.',
      characteristics: ['skills', 'reflects'],
    },
    {
      key: 'shifting-ethics',
      number: 4,
      title: 'Ethics and values shift as boundaries shift',
      summary: 'When services cross sectors, public values have to be carried deliberately into new settings.',
      body: 'Public services are now delivered by councils, charities, social enterprises and companies together. Each brings its own values and incentives.\n\nPublic servants need to hold on to a public ethos in those settings, and to be able to talk about value for money and social value in the same breath.',
      characteristics: ['ethos', 'career'],
    },
    {
      key: 'emotional-labour',
      number: 5,
      title: 'Emotional labour is central',
      summary: 'Much public service work is emotionally demanding, and that needs recognising and support.',
      body: 'Dealing with distress, anger and loss is part of many public service jobs, and it is rarely written into job descriptions.\n\nOrganisations that take it seriously make room for reflection and supervision, and let people be honest about strain rather than expecting them to absorb it silently.',
      characteristics: ['reflects', 'supportive'],
    },
    {
      key: 'perma-austerity',
      number: 6,
      title: 'Perma-austerity drives and blocks new roles',
      summary: 'Long-term budget pressure pushes change but also removes the slack needed to make it.',
      body: 'Tight budgets force organisations to rethink what they do, which can open the door to new roles and ways of working.\n\nThe same pressure removes training budgets, time to reflect and room to experiment. Creative responses need protecting, or the easy option of cutting a little from everything wins.',
      characteristics: ['austerity', 'supportive'],
    },
    {
      key: 'beyond-hero-leaders',
      number: 7,
      title: 'Hero leaders are not the answer',
      summary: 'Complex places need leadership spread across many people, not one person at the top.',
      body: 'The idea of a single leader who turns an organisation around is appealing but rarely true. Lasting change in a place comes from many people leading in their own spheres.\n\nThat asks senior leaders to trust, listen and share credit, and asks everyone else to see leadership as part of their job.',
      characteristics: ['leadership'],
    },
    {
      key: 'interprofessional-learning',
      number: 8,
      title: 'Professions learn the same lessons separately',
      summary: 'Many professions are reaching similar conclusions without learning from each other.',
      body: 'Social work, planning, health, policing and others are each discovering the importance of co-production, generic skills and distributed leadership, often in their own language and journals.\n\nLearning across professions is the missing piece. Shared stories, reading groups and exchanges are simple ways to start.',
      characteristics: ['career', 'skills', 'reflects'],
    },
  ],
};
