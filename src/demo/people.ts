// The demo people's email addresses, by first name, so the story and discussion files name them the same
// way. Everyone here is invented; content.ts says who they are and where they work.

export const amira = 'amira.okafor@northshire-county-council.example';
export const tom = 'tom.haddley@northshire-county-council.example';
export const priya = 'priya.lomax@northshire-county-council.example';
export const gareth = 'gareth.mbeki@northshire-county-council.example';
export const rosa = 'rosa.penhallow@northshire-county-council.example';
export const declan = 'declan.ashworth@northshire-county-council.example';
export const morven = 'morven.quayle@northshire-county-council.example';
export const hannah = 'hannah.birtwistle@kelbridge-wellbeing-network.example';
export const olu = 'olu.fairweather@kelbridge-wellbeing-network.example';
export const kit = 'kit.marsden@kelbridge-city-council.example';
export const sunita = 'sunita.greaves@northshire-community-health.example';
export const callum = 'callum.ridding@northshire-fire-rescue.example';
export const ines = 'ines.thackeray@open-door-kitchens.example';
export const bex = 'bex.aldous@ardenvale-police.example';
export const dafydd = 'dafydd.pryce@skills-and-benefits-agency.example';
export const yasmin = 'yasmin.farrant@tannerside-council.example';
export const joel = 'joel.ashdown@hollinsford-district-council.example';
export const marta = 'marta.kowal@millrace-home-care.example';
