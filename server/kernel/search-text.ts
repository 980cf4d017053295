// The search and order rules live in the shared contract (the browser filters and places pushed rows with
// them); re-exported so server code keeps one import for everything about search text and list order.
export {
  foldSearchText,
  searchWords,
  dossierSearchText,
  matchesSearchWords,
  MAX_SEARCH_WORDS
} from '../../src/lib/contract/search-fold';
export { companySortKey, compareCodePoints, compareDossiers } from '../../src/lib/contract/list-order';
