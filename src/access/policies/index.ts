// Policies: who may do what, in one place. Routes declare who may call them (../routes.ts); these rules
// decide, for a caller and a record, whether an action is allowed, each with a SQL twin where repositories
// filter by it. See docs/ARCHITECTURE.md "Where access rules live".
export {
  allowed,
  type ContentAction,
  type ContentColumns,
  type ContentFacts,
  can,
  contentActions,
  inReach,
  inReachSql,
  type Reach,
  reachOf,
  writerIn,
} from './content.ts';
export {
  managedBy,
  managesPerson,
  type PlacementFacts,
  readsMemberRecords,
  runsSpace,
  type SpaceFacts,
} from './people.ts';
