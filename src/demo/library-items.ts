// The evidence library's demo items: published research on the public service workforce and the
// 21st-century public servant. The bibliographic facts (authors, year, title, journal, publisher, DOI) are the
// works' own; the summaries are ours. DOIs are given only for articles whose DOI we are sure of.
import type { ItemType } from '../library/entry.ts';

export interface DemoItem {
  type: ItemType;
  title: string;
  authors: [string, string][];
  year: number;
  container?: string;
  publisher?: string;
  doi?: string;
  summary: string;
  lessons: string[];
  characteristics: string[];
  roles: string[];
}

export const demoLibraryItems: DemoItem[] = [
  {
    type: 'report',
    title: 'The 21st Century Public Servant',
    authors: [
      ['Needham', 'Catherine'],
      ['Mangan', 'Catherine'],
    ],
    year: 2014,
    publisher: 'University of Birmingham',
    summary:
      'The study this framework grew from. Interviews and workshops with people across local public services describe the roles, skills and values that work now asks for, and the eight lessons drawn from them.',
    lessons: ['different-roles', 'generic-skills', 'emotional-labour'],
    characteristics: ['locality', 'equals', 'skills', 'career', 'reflects'],
    roles: ['storyteller', 'navigator', 'broker', 'system-architect'],
  },
  {
    type: 'paper',
    title: 'The 21st-century public servant: working at three boundaries of public and private',
    authors: [
      ['Needham', 'Catherine'],
      ['Mangan', 'Catherine'],
    ],
    year: 2016,
    container: 'Public Money & Management',
    doi: '10.1080/09540962.2016.1162592',
    summary:
      'Public servants now work across three boundaries at once: between sectors, between professions and between the service and the citizen. The paper asks what that does to their ethos and their careers.',
    lessons: ['shifting-ethics', 'different-roles'],
    characteristics: ['ethos', 'career', 'equals'],
    roles: ['broker', 'networker'],
  },
  {
    type: 'report',
    title: 'The 21st Century Councillor',
    authors: [
      ['Mangan', 'Catherine'],
      ['Needham', 'Catherine'],
      ['Bottom', 'Karin'],
      ['Parker', 'Steven'],
    ],
    year: 2016,
    publisher: 'University of Birmingham',
    summary:
      'A companion study about elected members: how the councillor’s job is changing as councils shrink and partnerships grow, and the roles councillors take on in their places.',
    lessons: ['different-roles', 'changing-citizens'],
    characteristics: ['locality', 'equals', 'leadership'],
    roles: ['storyteller', 'networker', 'navigator'],
  },
  {
    type: 'book',
    title: 'Reimagining the Future Public Service Workforce',
    authors: [
      ['Dickinson', 'Helen'],
      ['Needham', 'Catherine'],
      ['Mangan', 'Catherine'],
      ['Sullivan', 'Helen'],
    ],
    year: 2019,
    publisher: 'Springer',
    summary:
      'Short essays that carry the 21st-century public servant work to Australia and beyond: digital change, new roles, and what public services will ask of the people who work in them.',
    lessons: ['different-roles', 'generic-skills', 'interprofessional-learning'],
    characteristics: ['skills', 'career', 'supportive'],
    roles: ['system-architect', 'system-translator'],
  },
  {
    type: 'book',
    title: 'The 21st Century Public Manager',
    authors: [['van der Wal', 'Zeger']],
    year: 2017,
    publisher: 'Palgrave',
    summary:
      'A textbook on the pressures public managers face now (more stakeholders, less money, faster change) and the competencies that help them cope, with cases from many countries.',
    lessons: ['generic-skills', 'beyond-hero-leaders'],
    characteristics: ['skills', 'reflects', 'leadership'],
    roles: ['system-architect', 'resource-weaver'],
  },
  {
    type: 'paper',
    title: 'A public management for all seasons?',
    authors: [['Hood', 'Christopher']],
    year: 1991,
    container: 'Public Administration',
    doi: '10.1111/j.1467-9299.1991.tb00779.x',
    summary:
      'The article that named New Public Management and asked whether one set of management doctrines could suit every public value. Useful background for why roles changed the way they did.',
    lessons: ['shifting-ethics'],
    characteristics: ['ethos'],
    roles: ['commissioner', 'regulator'],
  },
  {
    type: 'paper',
    title: 'The New Public Governance?',
    authors: [['Osborne', 'Stephen P.']],
    year: 2006,
    container: 'Public Management Review',
    doi: '10.1080/14719030600853022',
    summary:
      'Argues that public services are now delivered through networks of organisations rather than hierarchies or markets alone, which changes what managing them means.',
    lessons: ['different-roles'],
    characteristics: ['ethos', 'leadership'],
    roles: ['networker', 'commissioner'],
  },
  {
    type: 'paper',
    title: 'The New Public Service: Serving Rather than Steering',
    authors: [
      ['Denhardt', 'Robert B.'],
      ['Denhardt', 'Janet Vinzant'],
    ],
    year: 2000,
    container: 'Public Administration Review',
    doi: '10.1111/0033-3352.00117',
    summary:
      'Puts citizens and democratic values at the centre: public servants help people say what they need and work with them, rather than steering from above or treating them as customers.',
    lessons: ['changing-citizens', 'shifting-ethics'],
    characteristics: ['equals', 'ethos'],
    roles: ['navigator', 'storyteller'],
  },
  {
    type: 'paper',
    title: 'Beyond Engagement and Participation: User and Community Coproduction of Public Services',
    authors: [['Bovaird', 'Tony']],
    year: 2007,
    container: 'Public Administration Review',
    doi: '10.1111/j.1540-6210.2007.00773.x',
    summary:
      'Cases of services designed and delivered with the people who use them, and what that asks of professionals who must share power and risk.',
    lessons: ['changing-citizens'],
    characteristics: ['equals', 'locality'],
    roles: ['broker', 'resource-weaver'],
  },
  {
    type: 'paper',
    title: 'Dilemmas in a general theory of planning',
    authors: [
      ['Rittel', 'Horst W. J.'],
      ['Webber', 'Melvin M.'],
    ],
    year: 1973,
    container: 'Policy Sciences',
    doi: '10.1007/BF01405730',
    summary:
      'Where “wicked problems” come from: problems with no clear definition or stopping point, which no single profession can solve. Much of the case for boundary-spanning roles starts here.',
    lessons: ['beyond-hero-leaders', 'interprofessional-learning'],
    characteristics: ['reflects', 'leadership'],
    roles: ['system-architect'],
  },
  {
    type: 'paper',
    title: 'Problems, problems, problems: The social construction of ‘leadership’',
    authors: [['Grint', 'Keith']],
    year: 2005,
    container: 'Human Relations',
    doi: '10.1177/0018726705061314',
    summary:
      'Leaders define problems as tame, wicked or critical, and that choice shapes whether they command, manage or lead by asking questions. A counterweight to the idea of the hero leader.',
    lessons: ['beyond-hero-leaders'],
    characteristics: ['leadership', 'reflects'],
    roles: ['system-architect', 'storyteller'],
  },
  {
    type: 'paper',
    title: 'The Motivational Bases of Public Service',
    authors: [
      ['Perry', 'James L.'],
      ['Wise', 'Lois Recascino'],
    ],
    year: 1990,
    container: 'Public Administration Review',
    doi: '10.2307/976618',
    summary:
      'The classic statement of public service motivation: the reasons, beyond pay, that draw people to public work, and what organisations lose when they ignore them.',
    lessons: ['shifting-ethics', 'emotional-labour'],
    characteristics: ['ethos', 'supportive'],
    roles: ['protector'],
  },
  {
    type: 'paper',
    title: 'The competent boundary spanner',
    authors: [['Williams', 'Paul']],
    year: 2002,
    container: 'Public Administration',
    doi: '10.1111/1467-9299.00296',
    summary:
      'What people who work between organisations actually do: build relationships, manage through influence, and translate between cultures. A portrait of the reticulist.',
    lessons: ['different-roles', 'generic-skills'],
    characteristics: ['skills', 'career'],
    roles: ['networker', 'broker', 'system-translator'],
  },
  {
    type: 'book',
    title: 'Working Across Boundaries: Collaboration in Public Services',
    authors: [
      ['Sullivan', 'Helen'],
      ['Skelcher', 'Chris'],
    ],
    year: 2002,
    publisher: 'Palgrave Macmillan',
    summary:
      'Why partnerships between public, voluntary and private organisations multiplied, how they are governed, and what makes collaboration work or fail.',
    lessons: ['interprofessional-learning', 'different-roles'],
    characteristics: ['leadership', 'career'],
    roles: ['networker', 'commissioner'],
  },
  {
    type: 'book',
    title: 'Street-Level Bureaucracy: Dilemmas of the Individual in Public Services',
    authors: [['Lipsky', 'Michael']],
    year: 2010,
    publisher: 'Russell Sage Foundation',
    summary:
      'How front-line workers make policy in their daily choices under pressure of time and money. The thirtieth-anniversary edition adds a chapter on what has changed since 1980.',
    lessons: ['emotional-labour', 'perma-austerity'],
    characteristics: ['austerity', 'ethos'],
    roles: ['adjudicator', 'protector', 'navigator'],
  },
  {
    type: 'book',
    title: 'Creating Public Value: Strategic Management in Government',
    authors: [['Moore', 'Mark H.']],
    year: 1995,
    publisher: 'Harvard University Press',
    summary:
      'Public managers create value as private managers do, but the value is judged by citizens and their representatives. The strategic triangle of value, legitimacy and capability.',
    lessons: ['shifting-ethics'],
    characteristics: ['initiative', 'ethos'],
    roles: ['municipal-entrepreneur', 'system-architect'],
  },
  {
    type: 'book',
    title: 'Motivation, Agency, and Public Policy: Of Knights and Knaves, Pawns and Queens',
    authors: [['Le Grand', 'Julian']],
    year: 2003,
    publisher: 'Oxford University Press',
    summary:
      'Whether public servants act as selfless knights or self-interested knaves, and whether service users are passive pawns or choosing queens, and what each assumption does to policy.',
    lessons: ['shifting-ethics', 'changing-citizens'],
    characteristics: ['ethos', 'equals'],
    roles: ['commissioner'],
  },
  {
    type: 'book',
    title: 'Leading Public Sector Innovation: Co-creating for a Better Society',
    authors: [['Bason', 'Christian']],
    year: 2010,
    publisher: 'Policy Press',
    summary:
      'Innovation in government as a discipline: labs, design methods and co-creation with citizens, drawn from Danish and international practice.',
    lessons: ['changing-citizens', 'beyond-hero-leaders'],
    characteristics: ['initiative', 'equals', 'austerity'],
    roles: ['municipal-entrepreneur', 'system-architect'],
  },
  {
    type: 'book',
    title: 'Personalising Public Services: Understanding the Personalisation Narrative',
    authors: [['Needham', 'Catherine']],
    year: 2011,
    publisher: 'Policy Press',
    summary:
      'How personalisation became the story English public services told about themselves, especially in social care, and what that story leaves out.',
    lessons: ['changing-citizens'],
    characteristics: ['equals', 'locality'],
    roles: ['navigator', 'storyteller'],
  },
  {
    type: 'book',
    title: 'Radical Help: How We Can Remake the Relationships Between Us and Revolutionise the Welfare State',
    authors: [['Cottam', 'Hilary']],
    year: 2018,
    publisher: 'Virago',
    summary:
      'Experiments in services built around relationships and people’s own capabilities rather than needs assessments, told through the families who took part.',
    lessons: ['changing-citizens', 'emotional-labour'],
    characteristics: ['equals', 'initiative', 'locality'],
    roles: ['broker', 'resource-weaver'],
  },
  {
    type: 'book',
    title: 'Reinventing Government: How the Entrepreneurial Spirit Is Transforming the Public Sector',
    authors: [
      ['Osborne', 'David'],
      ['Gaebler', 'Ted'],
    ],
    year: 1992,
    publisher: 'Addison-Wesley',
    summary:
      'The book that popularised “steering, not rowing” and the entrepreneurial public organisation. Worth reading for the ideas many later reforms took for granted.',
    lessons: ['perma-austerity'],
    characteristics: ['initiative', 'austerity'],
    roles: ['municipal-entrepreneur', 'commissioner'],
  },
  {
    type: 'book',
    title:
      'A Government that Worked Better and Cost Less? Evaluating Three Decades of Reform and Change in UK Central Government',
    authors: [
      ['Hood', 'Christopher'],
      ['Dixon', 'Ruth'],
    ],
    year: 2015,
    publisher: 'Oxford University Press',
    summary:
      'Tests the promise of thirty years of reform against the evidence on running costs and complaints. The answer is sobering, and a useful check on new promises.',
    lessons: ['perma-austerity'],
    characteristics: ['austerity', 'reflects'],
    roles: ['regulator'],
  },
  {
    type: 'book',
    title: 'Public Management Reform: A Comparative Analysis – Into the Age of Austerity',
    authors: [
      ['Pollitt', 'Christopher'],
      ['Bouckaert', 'Geert'],
    ],
    year: 2017,
    publisher: 'Oxford University Press',
    summary:
      'A comparison of how a dozen countries reformed their public services, and what austerity after 2008 changed. The fourth edition.',
    lessons: ['perma-austerity'],
    characteristics: ['austerity'],
    roles: ['system-architect', 'commissioner'],
  },
  {
    type: 'paper',
    title: 'Local governance under the Conservatives: super-austerity, devolution and the ‘smarter state’',
    authors: [
      ['Lowndes', 'Vivien'],
      ['Gardner', 'Alison'],
    ],
    year: 2016,
    container: 'Local Government Studies',
    summary:
      'How English councils responded to cuts on top of cuts: shrinking, sharing and reinventing services while being handed new powers.',
    lessons: ['perma-austerity'],
    characteristics: ['austerity', 'initiative', 'locality'],
    roles: ['municipal-entrepreneur', 'resource-weaver'],
  },
  {
    type: 'report',
    title: 'Skills for a High Performing Civil Service',
    authors: [['OECD', '']],
    year: 2017,
    publisher: 'OECD Publishing',
    summary:
      'A comparative review of the skills civil services need now (policy advice, service delivery, commissioning and networking) and how countries recruit and develop them.',
    lessons: ['generic-skills', 'different-roles'],
    characteristics: ['skills', 'career', 'supportive'],
    roles: ['commissioner', 'networker', 'expert'],
  },
];
