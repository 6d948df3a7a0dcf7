// Demo discussion of the first library's stories: colleagues answering with comments, short reply threads
// and "this resonates". Everyone comments only where they may read. Invented and written by the Waymark
// project.
//
// Two demo people are left out on purpose, so tests that begin from the demo keep a known start: the
// newest public story has no reactions, and Callum Ridding gives none.
import {
  amira,
  bex,
  callum,
  dafydd,
  declan,
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

export const firstLibraryDiscussions: DemoDiscussion[] = [
  {
    story: 'knowing-the-back-lanes',
    resonates: [sunita, joel, bex, hannah, tom],
    comments: [
      {
        author: sunita,
        daysAgo: 6.2,
        body: 'This is exactly what our district nurses say about the lists we get from GP practices. The data is where you start, not the whole picture. Did the county change how it builds the referral list afterwards?',
        replies: [
          {
            author: callum,
            daysAgo: 5.9,
            body: 'It did, slowly. The list now has a box for "known locally", and the post office and two parish clerks can refer people to us directly. It took most of a year.',
          },
          {
            author: bex,
            daysAgo: 3.4,
            body: 'Same for us with our vulnerable persons list. Our best source of all is the postie.',
          },
        ],
      },
      {
        author: joel,
        daysAgo: 2.1,
        body: 'Rural parishes are full of people who are on no list at all. Thank you for putting it so clearly.',
      },
    ],
  },
  {
    story: 'carers-at-the-table',
    resonates: [marta, hannah, amira, olu, yasmin],
    comments: [
      {
        author: marta,
        daysAgo: 9.5,
        body: 'As a provider, I would love to be in the room this early. We usually see a specification when it is already fixed. Did Dev bring care agencies into the design group as well, or only carers?',
        replies: [
          {
            author: tom,
            daysAgo: 9.1,
            body: 'Only carers at first, on purpose: we wanted their voice before anyone else’s. Providers joined at the second stage, and two of them told us it was the first specification that had made sense to them.',
          },
          {
            author: marta,
            daysAgo: 8.8,
            body: 'That order makes sense. I’m sharing this with our operations lead.',
          },
        ],
      },
      {
        author: hannah,
        daysAgo: 4.3,
        body: 'Paying carers for their time is the part people forget. It tells them their experience is worth something.',
      },
    ],
  },
  {
    story: 'the-complaint-that-changed-the-form',
    resonates: [dafydd, yasmin, priya, rosa],
    comments: [
      {
        author: dafydd,
        daysAgo: 12.6,
        body: 'We have forms like this too: four questions about the same thing, each written by a different team in a different year. I am going to print this and leave it on a desk or two.',
      },
      {
        author: yasmin,
        daysAgo: 7.2,
        body: 'The bit about nearly defending the form is so honest. I have done exactly that on the phone more times than I want to count.',
        replies: [
          {
            author: kit,
            daysAgo: 6.8,
            body: 'It still happens to me. The difference now is that I notice it a second sooner.',
          },
        ],
      },
    ],
  },
  {
    story: 'social-value-in-the-small-print',
    resonates: [marta, declan],
    comments: [],
  },
  {
    story: 'selling-our-training',
    resonates: [ines, yasmin, declan],
    comments: [
      {
        author: yasmin,
        daysAgo: 15.4,
        body: 'We had almost the same argument about our lettings agency. The promise that every penny of surplus goes back into free services is what won the councillors over.',
      },
      {
        author: ines,
        daysAgo: 11.7,
        body: 'Charging businesses so you can give it free to community groups is our whole model at the kitchen. Lovely to see a fire service doing the same.',
      },
    ],
  },
  {
    story: 'the-facilitator-in-the-room',
    resonates: [tom, priya, olu, rosa, dafydd, joel],
    comments: [
      {
        author: tom,
        daysAgo: 20.3,
        body: '"Noticing when the housing officer had gone quiet" is a skill I wish we trained for. Which facilitation course did you do? I would like to suggest it to our team managers.',
        replies: [
          {
            author: sunita,
            daysAgo: 19.8,
            body: 'It was a two-day course our trust runs with the university, and it is open to partners. I’ll send you the details.',
          },
          {
            author: priya,
            daysAgo: 19.5,
            body: 'Tom, we have places on a similar course in the spring. Let’s talk before you book anything.',
          },
        ],
      },
      {
        author: olu,
        daysAgo: 16.2,
        body: 'Good chairing is invisible when it works. Thank you for making it visible.',
      },
    ],
  },
  {
    story: 'the-supervision-i-nearly-skipped',
    resonates: [bex, hannah, tom, sunita, marta, kit, declan, gareth],
    comments: [
      {
        author: bex,
        daysAgo: 8.6,
        body: 'Thank you for writing this. Policing has a long habit of "I’m fine". I am sending it to my team with a note saying supervision is not optional.',
      },
      {
        author: hannah,
        daysAgo: 5.1,
        body: '"She asked how I was sleeping." I had to stop reading for a moment.',
      },
      {
        author: tom,
        daysAgo: 1.4,
        body: 'Amira, thank you for letting this be public. I have asked our team managers to read it before their next round of supervisions.',
      },
    ],
  },
  {
    story: 'learning-circle-on-a-wednesday',
    resonates: [bex, kit, rosa],
    comments: [],
  },
  {
    story: 'the-shared-van',
    resonates: [joel, hannah, kit, olu],
    comments: [
      {
        author: joel,
        daysAgo: 13.2,
        body: 'Your list of things that sit idle is a brilliant idea. Would you share it? We are trying something similar with grounds equipment across three parishes.',
        replies: [
          {
            author: ines,
            daysAgo: 12.9,
            body: 'Happily. It is a shared spreadsheet with a column for who to ask. I’ll send a copy to anyone who wants one.',
          },
          {
            author: joel,
            daysAgo: 12.7,
            body: 'Thank you. I am stealing the "who to ask" column straight away.',
          },
        ],
      },
    ],
  },
  {
    story: 'the-pop-up-clinic',
    resonates: [yasmin, amira, joel, tom],
    comments: [
      {
        author: callum,
        daysAgo: 21.5,
        body: 'Glad the gazebo found a second job! If you need it again, ask the Eastmere station directly. They are keen.',
      },
      {
        author: yasmin,
        daysAgo: 10.2,
        body: 'A small, safe trial is the best advice in this whole library. Our translation helpers started exactly that way.',
      },
    ],
  },
  {
    story: 'stepping-back-so-others-step-up',
    resonates: [bex, priya, tom, joel, dafydd],
    comments: [
      {
        author: bex,
        daysAgo: 7.9,
        body: 'Counting the decisions is a great test. I tried it this week and did not like the answer.',
        replies: [
          {
            author: callum,
            daysAgo: 7.6,
            body: 'Nobody likes the first count. The second one is better, I promise.',
          },
          { author: bex, daysAgo: 7.5, body: 'I will report back in a month.' },
        ],
      },
      {
        author: priya,
        daysAgo: 3.3,
        body: 'May we use this in our first-line managers’ programme? It says in one page what we spend a whole day trying to say.',
        replies: [{ author: callum, daysAgo: 2.9, body: 'Of course. That is what it is for.' }],
      },
    ],
  },
  {
    story: 'permission-to-cross-the-corridor',
    resonates: [dafydd, rosa, gareth, sunita],
    comments: [
      {
        author: dafydd,
        daysAgo: 17.1,
        body: 'Three months without going up the chain is such a simple rule. How did you stop it becoming a way round decisions that really did need a director?',
        replies: [
          {
            author: priya,
            daysAgo: 16.4,
            body: 'We were braced for that, and it has not happened. Team managers tell us they are more careful with it precisely because it is theirs.',
          },
        ],
      },
    ],
  },
  {
    story: 'what-the-partnership-learned',
    resonates: [hannah, olu, tom],
    comments: [
      {
        author: hannah,
        daysAgo: 25.4,
        body: 'Guest access to the calendar would change my week. I spend an hour every Monday copying dates out of emails.',
      },
      {
        author: olu,
        daysAgo: 22.6,
        body: 'I would add one thing for year two: a joint induction for new staff on both sides, so nobody starts the job thinking the other organisation is a supplier.',
        replies: [
          {
            author: rosa,
            daysAgo: 22.1,
            body: 'Yes. Would you write it with me? I think it should come from both of us.',
          },
          { author: olu, daysAgo: 21.8, body: 'Count me in. Let’s start after the quarterly review.' },
        ],
      },
    ],
  },
  {
    story: 'mapping-the-estate-together',
    resonates: [amira, priya, declan],
    comments: [
      {
        author: amira,
        daysAgo: 30.2,
        body: 'The hairdresser! We heard the same in the family hub consultation. Could the early help team share the maps with the locality team?',
        replies: [
          { author: tom, daysAgo: 29.6, body: 'Nadia says yes. She is bringing them to the next locality meeting.' },
        ],
      },
    ],
  },
];
