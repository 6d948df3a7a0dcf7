// Demo discussion of the stories from further afield (stories-across-sectors.ts, stories-long-reads.ts).
// Invented and written by the Waymark project.
import {
  amira,
  bex,
  dafydd,
  gareth,
  hannah,
  ines,
  joel,
  kit,
  marta,
  olu,
  priya,
  rosa,
  sunita,
  tom,
  yasmin,
} from './people.ts';
import type { DemoDiscussion } from './types.ts';

export const furtherAfieldDiscussions: DemoDiscussion[] = [
  {
    story: 'the-beat-meeting-in-the-launderette',
    resonates: [kit, sunita, yasmin, joel],
    comments: [
      {
        author: kit,
        daysAgo: 3.6,
        body: 'We hold our housing surgeries in the library for the same reason. Go where people already are.',
      },
      {
        author: sunita,
        daysAgo: 2.4,
        body: 'How do you keep a record of what people tell you on a Saturday, when it is not a formal meeting?',
        replies: [
          {
            author: bex,
            daysAgo: 2.2,
            body: 'A notebook, and a photo of the page afterwards, shared with the ward councillor. Nothing clever. What matters is that the next month we say what we did about it.',
          },
        ],
      },
    ],
  },
  {
    story: 'after-the-inquest',
    resonates: [amira, gareth, sunita, tom, hannah, marta],
    comments: [
      {
        author: amira,
        daysAgo: 8.1,
        body: 'I read this twice. The debrief that was really about the paperwork is painfully familiar.',
      },
      {
        author: gareth,
        daysAgo: 6.4,
        body: 'Thank you for writing something this long and this honest. It deserves every minute it takes to read.',
      },
      {
        author: sunita,
        daysAgo: 4.7,
        body: 'Did "the hour" survive the change of chief inspector?',
        replies: [
          {
            author: bex,
            daysAgo: 4.5,
            body: 'It did, and it is in the force’s wellbeing plan now, which means it has a budget line. That was the real win.',
          },
          { author: sunita, daysAgo: 4.1, body: 'That is the part that makes it last. Well done.' },
        ],
      },
    ],
  },
  {
    story: 'fifteen-minutes-is-not-a-visit',
    resonates: [tom, hannah, yasmin, priya],
    comments: [
      {
        author: tom,
        daysAgo: 18.3,
        body: 'As a commissioner, I found this uncomfortable to read, and it should be. Thank you for being fair to both sides.',
        replies: [
          {
            author: marta,
            daysAgo: 17.9,
            body: 'That means a lot. The council’s team were brave to try it with us.',
          },
        ],
      },
      {
        author: hannah,
        daysAgo: 11.2,
        body: 'Our befrienders hear the same from the people they visit: they would rather have the same face for twenty minutes than a new one for fifteen.',
      },
    ],
  },
  {
    story: 'nobody-is-a-caseload',
    resonates: [kit, rosa, amira],
    comments: [
      {
        author: kit,
        daysAgo: 27.5,
        body: 'Letting work coaches choose the length of an appointment seems so obvious once you have read it.',
      },
      {
        author: rosa,
        daysAgo: 14.6,
        body: 'Could you say more about how the office handled its targets during the pilot? That is always where our own pilots get stuck.',
        replies: [
          {
            author: dafydd,
            daysAgo: 14.1,
            body: 'The regional office agreed to judge the pilot on six months of outcomes rather than weekly numbers. Without that, it would not have lasted a month.',
          },
        ],
      },
    ],
  },
  {
    story: 'one-mower-three-parishes',
    resonates: [ines, hannah],
    comments: [
      {
        author: ines,
        daysAgo: 19.4,
        body: 'Shared kit is my favourite kind of saving. Nobody loses anything, and the thing finally gets used.',
      },
    ],
  },
  {
    story: 'twenty-three-languages-and-one-noticeboard',
    resonates: [olu, kit],
    comments: [
      {
        author: olu,
        daysAgo: 16.8,
        body: 'The noticeboard made me smile. The tools that work best are so often the cheapest.',
      },
    ],
  },
];
