// Short stories of practice written by the Waymark project to measure tag suggestions (see accuracy.ts).
// Every person, team and place is invented. Each is tagged as a moderator would tag it: one primary
// characteristic, any others, and the roles it shows. They are evaluation data only: the live model is
// built from the framework and published stories, never from these.
import type { CharacteristicKey } from '../framework/types.ts';

export interface EvalStory {
  title: string;
  body: string;
  primary: CharacteristicKey;
  others: CharacteristicKey[];
  roles: string[];
}

export const evalStories: EvalStory[] = [
  // Rooted in place
  {
    title: 'The bus route map on the wall',
    body: 'Delia runs the housing office in Calder Vale. Before the council moved its counter to the town centre, she pinned a map of the bus routes to the wall and marked where each tenant lived. Half the estate would need two buses to reach the new office. She took the map to the planning meeting and the outreach surgery stayed in the community centre on the estate.',
    primary: 'locality',
    others: ['equals'],
    roles: ['navigator'],
  },
  {
    title: 'What the allotment holders knew',
    body: 'When flooding hit Lower Fenwick, the drainage engineers had models but the allotment holders had forty years of watching where the water sat. Ravi, a parks officer who grew up in the village, walked the site with them and wrote down every spot that flooded first. The new drainage plan follows their knowledge of the place, street by street.',
    primary: 'locality',
    others: ['equals'],
    roles: ['expert'],
  },
  {
    title: 'A councillor for the market square',
    body: 'Every Saturday, Maureen from the neighbourhood team stands by the fish stall in Hollin Cross market. Traders and shoppers tell her about broken lights, fly-tipping and the lonely man above the bakery. She carries what she hears back into the town plan, so the people who live here shape what the council does for this neighbourhood.',
    primary: 'locality',
    others: [],
    roles: ['networker'],
  },
  {
    title: 'The village hall survey',
    body: 'The health trust wanted a single plan for the whole district. Noel, a community nurse in Brackenby, asked what it would mean for the hill farms, where the nearest pharmacy is eleven miles away. He brought residents and the parish council into the room, and the plan now treats the upland villages as a place with its own needs.',
    primary: 'locality',
    others: ['equals'],
    roles: ['system-architect'],
  },
  // Works with citizens as equals
  {
    title: 'Parents on the panel',
    body: 'Yusuf leads the special educational needs team. He invited three parents to sit on the panel that redesigns the assessment letters, from the very first meeting. They rewrote the letters in plain language and pointed out which words frightened families. Yusuf says the parents were the experts in their own lives, and the team listened rather than defending the old process.',
    primary: 'equals',
    others: ['locality'],
    roles: ['storyteller'],
  },
  {
    title: 'Being told we got it wrong',
    body: 'At a residents meeting in Orme Park, tenants told Keely the repairs service treated them like a nuisance. She did not argue. She asked them to help design the new repairs promise, shared the budget honestly, explained what the council could not do, and agreed to review it together every quarter. Complaints have halved since.',
    primary: 'equals',
    others: ['reflects'],
    roles: ['navigator'],
  },
  {
    title: 'Young people hold the grant',
    body: 'The youth service in Stannet gave a group of young people control of a small grant fund. They set the criteria, interviewed the applicants and made the decisions, with a youth worker there to support rather than steer. Sharing power felt risky to managers, but the young people funded projects staff would never have thought of.',
    primary: 'equals',
    others: ['leadership'],
    roles: ['commissioner'],
  },
  {
    title: 'Co-designing the day centre',
    body: 'Before the day centre in Wendle was rebuilt, Agnes, an occupational therapist, spent six weeks with the people who used it. They drew the layout on paper, argued about the kitchen and chose the garden. The architects worked from their drawings. People who use the service were treated as partners in the design from start to finish.',
    primary: 'equals',
    others: [],
    roles: ['system-architect'],
  },
  // Public ethos, commercial awareness
  {
    title: 'The cheapest bid was not the best',
    body: 'Hamid was scoring tenders for home care in Ellerby. The cheapest bid paid carers for visits but not for travel between them. He wrote to the panel that the saving would come out of the workers wages and the quality of care, and weighed social value alongside cost. The contract went to a provider that paid travel time.',
    primary: 'ethos',
    others: ['equals'],
    roles: ['commissioner'],
  },
  {
    title: 'Selling training without selling out',
    body: 'The council trading company in Portsby sells safeguarding training to schools. Irene, its manager, knows the income matters to the budget, but she refused to cut the course length to win a contract. She explained the costs openly to head teachers and kept the price fair for small village schools, because the public interest comes first.',
    primary: 'ethos',
    others: ['initiative'],
    roles: ['municipal-entrepreneur'],
  },
  {
    title: 'Counting the social value of a canteen',
    body: 'When the hospital in Marrick put its canteen contract out to tender, Gwen in procurement added social value to the scoring: local suppliers, apprenticeships and healthy food. She showed the board the costs and the benefits side by side. The new contract costs slightly more but keeps money circulating in the town.',
    primary: 'ethos',
    others: ['locality'],
    roles: ['commissioner'],
  },
  {
    title: 'A contract clause about fairness',
    body: 'Oscar negotiates leases for council property in Thornbury. A private gym wanted the community room on a long lease at a good rent. Oscar raised a concern that local groups would lose their only meeting space, and negotiated a clause keeping two evenings a week free for them. The income still came in, and fairness was protected.',
    primary: 'ethos',
    others: ['locality'],
    roles: ['broker'],
  },
  // Generic and professional skills
  {
    title: 'Facilitating the difficult meeting',
    body: 'Bea is a public health analyst, but the thing colleagues ask her for most is to facilitate. When police, housing and health staff met about rough sleeping in Dunmore, she set up small groups, made sure the quietest voices spoke, and summarised the evidence in plain words. Her specialist knowledge travelled because she explained it so clearly.',
    primary: 'skills',
    others: ['leadership'],
    roles: ['expert'],
  },
  {
    title: 'An engineer who writes for residents',
    body: 'Tariq is a structural engineer in the highways team. When the bridge in Kestle had to close, he wrote the public notice himself, explaining the specialist findings so non-specialists could understand them. He ran the drop-in session, took minutes, and organised the diversion signs. He says the job is as much communicating as calculating.',
    primary: 'skills',
    others: [],
    roles: ['expert'],
  },
  {
    title: 'Weighing the evidence on school transport',
    body: 'Lena was asked whether to change the school transport policy. She weighed evidence from several sources: the data on routes, the views of parents, a study from another county, and the drivers experience. Her report set out each source and its limits before reaching a judgement, and the committee said it was the clearest paper they had read.',
    primary: 'skills',
    others: ['reflects'],
    roles: ['adjudicator'],
  },
  {
    title: 'Stepping outside the job description',
    body: 'During the winter pressures, Ewan, a finance officer, spent three weeks organising volunteers at the vaccination centre. He organised rotas, briefed people every morning and kept the queue moving. It was outside his professional role, but the work needed it, and he brought back a better understanding of the frontline to his budgets.',
    primary: 'skills',
    others: ['initiative'],
    roles: ['resource-weaver'],
  },
  // Career across sectors
  {
    title: 'From the charity to the council',
    body: 'Nadia spent ten years at a refugee charity before joining the council housing team. She knew how the voluntary sector saw the council: slow and full of forms. She explains to colleagues how partner organisations see an issue, and she still calls old contacts in the charity sector when a family needs help the council cannot give.',
    primary: 'career',
    others: ['equals'],
    roles: ['system-translator'],
  },
  {
    title: 'What a retailer taught a hospital',
    body: 'Before joining the NHS, Gordon managed stock for a supermarket chain. In the hospital pharmacy in Ashcombe he brought ideas from the private sector about deliveries and waste. He translated them into the language of clinicians, and the pharmacy now wastes a third less medicine. He says his career across sectors lets him see the same problem differently.',
    primary: 'career',
    others: ['austerity'],
    roles: ['system-translator'],
  },
  {
    title: 'A secondment to the fire service',
    body: 'Priti took a six-month secondment from the council to the fire service prevention team. She learned how firefighters think about risk and brought contacts back with her. Now, when a social worker worries about a hoarded home, Priti knows exactly who to call, and joint visits happen within a week instead of a month.',
    primary: 'career',
    others: ['skills'],
    roles: ['networker'],
  },
  {
    title: 'Working both sides of the contract',
    body: 'Colin worked for a private care provider before moving into commissioning at the council. He understands how providers read a contract, what keeps them awake, and how partners think about risk. That breadth from other sectors helps him write specifications that providers can actually deliver, and he keeps in touch with people on both sides.',
    primary: 'career',
    others: ['ethos'],
    roles: ['commissioner', 'system-translator'],
  },
  // Reflects and learns
  {
    title: 'The Friday half hour',
    body: 'The children and families team in Rowley protects half an hour every Friday for reflection. They talk about one case that went well and one they would do differently. Sadia, a newly qualified social worker, says it is the only time she can say she is struggling, and that hearing her manager admit the same pressure made it easier.',
    primary: 'reflects',
    others: ['supportive'],
    roles: ['protector'],
  },
  {
    title: 'Learning from a coach',
    body: 'After a difficult year, Barney asked for coaching. His coach asked him what he would do differently, and he realised he had stopped seeking feedback from his team. He now asks for feedback after every project and acts on it. He says reflection turned a bad year into the most useful learning of his career.',
    primary: 'reflects',
    others: ['leadership'],
    roles: ['expert'],
  },
  {
    title: 'Saying the work is heavy',
    body: 'Emergency planners in Castlebury spent a month responding to floods. Afterwards, Ines organised a debrief that was not only about what went well, but about the emotional strain. People talked openly about the pressure and how it affected their sleep and families. The team now has a peer support rota after every major incident.',
    primary: 'reflects',
    others: ['supportive'],
    roles: ['protector'],
  },
  {
    title: 'Borrowing an idea from another county',
    body: 'Reading about a mentoring scheme in a neighbouring county, Dev, a housing officer, tried a small version in his own work. He paired new starters with experienced peers and met them monthly to reflect on what they were learning. He wrote down what went well and what did not, and shared it with his manager.',
    primary: 'reflects',
    others: ['initiative'],
    roles: ['networker'],
  },
  // Creative under austerity
  {
    title: 'Two teams, one building',
    body: 'When the budget for the youth service in Pellow fell by a third, Marcus did not simply trim the opening hours. He combined resources with the library next door: one building, shared staff, volunteers from the tenants association. The youth club now opens more evenings than before, on less money.',
    primary: 'austerity',
    others: ['initiative'],
    roles: ['resource-weaver'],
  },
  {
    title: 'A low-cost trial before the big ask',
    body: 'Facing another round of cuts, Harriet in adult social care wanted to try a new approach to home adaptations. Instead of asking for a big budget, she tested a small, low-cost version with a local handyman scheme for twelve households. The results persuaded the finance committee, and the scheme now saves far more than it costs.',
    primary: 'austerity',
    others: ['initiative'],
    roles: ['resource-weaver', 'municipal-entrepreneur'],
  },
  {
    title: 'Change as the normal weather',
    body: 'The revenues team in Gilford has been restructured four times in six years. Rather than waiting for the storm to pass, Bernard treats change as constant. He keeps his team focused on outcomes for residents, stays constructive through each cut to the budget, and finds new ways of working with fewer staff and less money.',
    primary: 'austerity',
    others: ['leadership'],
    roles: ['adjudicator'],
  },
  {
    title: 'The empty shop and the food club',
    body: 'With no budget for a new food project, Orla, a community development worker, persuaded the landlord of an empty shop in Tamworth Road to lend it for a year. A supermarket gave surplus food, the church gave volunteers and the council gave a small grant. Combining resources from many partners met a need none could meet alone.',
    primary: 'austerity',
    others: ['locality'],
    roles: ['resource-weaver'],
  },
  // Municipal entrepreneur (initiative)
  {
    title: 'The council that started an energy company',
    body: 'Simon had an idea: the council roofs in Brancaster could carry solar panels and sell power to local schools. He built support among councillors and partners, took the considered risk of a pilot, and saw the idea through from proposal to delivery. The new energy venture now brings income and lower bills to the town.',
    primary: 'initiative',
    others: ['ethos'],
    roles: ['municipal-entrepreneur'],
  },
  {
    title: 'Volunteering for the new project',
    body: 'Nobody wanted to lead the digital booking project for the leisure centres. Ama, a receptionist, volunteered for the unfamiliar role. She put forward ideas, built support among the managers, and stayed with it until it worked. When the first version failed, she shared what she had learned and tried again.',
    primary: 'initiative',
    others: ['skills'],
    roles: ['municipal-entrepreneur'],
  },
  {
    title: 'A market for local makers',
    body: 'Jonah in the economic development team noticed empty stalls in the covered market of Redbourne and an online group of local makers with nowhere to sell. He proposed a makers market, negotiated cheap rents, and ran the first one himself. It took a risk and some persuading, but the market now fills every stall each month.',
    primary: 'initiative',
    others: ['locality'],
    roles: ['municipal-entrepreneur', 'broker'],
  },
  {
    title: 'Starting before permission arrived',
    body: 'When the pandemic closed day services, Fern did not wait for permission. She started a telephone befriending service from her kitchen table, recruited volunteers, and built the idea into a proper service over the following months. She says being ready to do new things in new ways matters more than having the perfect plan.',
    primary: 'initiative',
    others: ['austerity'],
    roles: ['municipal-entrepreneur'],
  },
  // Distributed leadership
  {
    title: 'The director who stepped back',
    body: 'When Ruth became director of the Westfold partnership, she stopped chairing every meeting. She gave team leaders the authority to make decisions in their own work and backed them when things went wrong. She shares the credit for success and takes responsibility for failures. Leadership now shows up at every level.',
    primary: 'leadership',
    others: ['supportive'],
    roles: ['system-architect'],
  },
  {
    title: 'Listening before deciding',
    body: 'Before deciding how to reorganise the waste collection rounds, Kwame, the service manager, spent a week on the lorries with the crews. He listened to people at every level, from drivers to loaders, and they designed the new rounds. He trusted them to act, and the new rounds were their plan, not his.',
    primary: 'leadership',
    others: ['equals'],
    roles: ['regulator'],
  },
  {
    title: 'Recognising the caretaker',
    body: 'In the Holmedale school partnership, the head teachers noticed that the site caretaker had quietly organised the parents into a breakfast rota. Instead of taking it over, they recognised his leadership in front of the whole staff and gave him a small budget. Leadership shown by people without formal authority is encouraged there.',
    primary: 'leadership',
    others: ['locality'],
    roles: ['resource-weaver'],
  },
  {
    title: 'No heroes in the incident room',
    body: 'Chief inspector Aileen rejects the idea of the heroic leader. During the floods in Marlow Dene she trusted each team to act on its own judgement, gave them room and backing, and listened more than she spoke. Humility, collaboration and integrity, she says, matter more than control when a whole place is in trouble.',
    primary: 'leadership',
    others: ['reflects'],
    roles: ['protector'],
  },
  // Flexible, supportive organisations
  {
    title: 'Laptops that finally worked',
    body: 'For years the social workers in Kirkby Lane carried paper files because the laptops took twenty minutes to start. When the organisation replaced them and let staff choose their own tools, visits got longer and notes got shorter. Good technology and information helped people do the work instead of getting in the way.',
    primary: 'supportive',
    others: [],
    roles: ['protector'],
  },
  {
    title: 'One signature instead of five',
    body: 'In the Northfold trust, decisions about small grants used to need five layers of sign-off. The organisation removed the unnecessary hierarchy and process, so decisions are now made close to the work by the team itself. Grants that took two months now take two days, and staff feel trusted by their organisation.',
    primary: 'supportive',
    others: ['leadership'],
    roles: ['adjudicator'],
  },
  {
    title: 'Working across the silos',
    body: 'The council in Ashdown let staff join teams in other departments and partner organisations without asking special permission. Processes and policies were changed quickly when they stopped serving people well. A housing officer and a health visitor now share an office, and families no longer tell their story twice.',
    primary: 'supportive',
    others: ['career'],
    roles: ['system-architect'],
  },
  {
    title: 'Protected time for learning',
    body: 'The organisation behind the Fellside clinics protects one afternoon a month for every member of staff to learn and develop. It is never squeezed out by rotas. Managers say the structure of the organisation has to support people, and staff say it is the first place they have worked where time for reflection is real.',
    primary: 'supportive',
    others: ['reflects'],
    roles: ['expert'],
  },
  {
    title: 'A licence explained, not just enforced',
    body: 'Trading standards officer Pippa visits new takeaways in Draycott before they open. Instead of waiting to inspect and enforce, she explains the standards and the rules, helps owners understand the licence, and judges when advice will protect the public better than a sanction. Complaints about food hygiene in the town have fallen.',
    primary: 'equals',
    others: ['skills'],
    roles: ['regulator'],
  },
  {
    title: 'Bringing the partners to one table',
    body: 'The homelessness charity, the hospital discharge team and the council housing service in Selby Moor had never met. Leon, a partnership officer, made the introductions, negotiated what each would give, and kept the partnership moving through its first difficult year. Patients are no longer discharged onto the street.',
    primary: 'career',
    others: ['locality'],
    roles: ['broker', 'networker'],
  },
  {
    title: 'Telling the story of the new estate',
    body: 'Planners in Greyhaven needed residents to imagine how a regenerated estate could work. Zara collected the voices of residents and wrote a short, credible story of a day in the life of the estate in ten years time. The story travelled further than any report, and people could finally picture the change in their place.',
    primary: 'locality',
    others: ['equals'],
    roles: ['storyteller'],
  },
];
