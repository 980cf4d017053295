/**
 * Real cities with real-looking postal codes and dialling codes, so the demo reads like a sales
 * territory rather than lorem ipsum. Regions map to the two demo teams: 'nord' is the Hamburg
 * team's patch, 'sued' covers southern Germany, Austria, Switzerland and the English-speaking accounts.
 */
export type CountryCode = 'DE' | 'AT' | 'CH' | 'GB' | 'IE' | 'US';
export type Language = 'de' | 'en';
export type SalesRegion = 'nord' | 'sued';

export interface CountryInfo {
  /** Value written into the dossier's `country` field, in the language the customer uses. */
  name: string;
  language: Language;
  tld: string;
  dialCode: string;
  mobilePrefixes: readonly string[];
}

export const COUNTRIES: Record<CountryCode, CountryInfo> = {
  DE: {
    name: 'Deutschland',
    language: 'de',
    tld: 'de',
    dialCode: '+49',
    mobilePrefixes: ['151', '160', '170', '171', '176']
  },
  AT: { name: 'Österreich', language: 'de', tld: 'at', dialCode: '+43', mobilePrefixes: ['664', '676', '699'] },
  CH: { name: 'Schweiz', language: 'de', tld: 'ch', dialCode: '+41', mobilePrefixes: ['76', '78', '79'] },
  GB: { name: 'United Kingdom', language: 'en', tld: 'co.uk', dialCode: '+44', mobilePrefixes: ['7700'] },
  IE: { name: 'Ireland', language: 'en', tld: 'ie', dialCode: '+353', mobilePrefixes: ['83', '85', '87'] },
  US: { name: 'United States', language: 'en', tld: 'com', dialCode: '+1', mobilePrefixes: [] }
};

export interface DemoCity {
  name: string;
  country: CountryCode;
  region: SalesRegion;
  /** National dialling code without the trunk zero. */
  areaCode: string;
  postalCodes: readonly string[];
  /** Relative share of accounts; big cities host more customers. */
  weight: number;
}

type CityRow = [name: string, country: CountryCode, region: SalesRegion, area: string, weight: number, postal: string];

const CITY_ROWS: CityRow[] = [
  ['Hamburg', 'DE', 'nord', '40', 8, '20095 20457 22767 22297 21079'],
  ['Bremen', 'DE', 'nord', '421', 4, '28195 28217 28359'],
  ['Hannover', 'DE', 'nord', '511', 4, '30159 30453 30655'],
  ['Kiel', 'DE', 'nord', '431', 2, '24103 24143'],
  ['Lübeck', 'DE', 'nord', '451', 2, '23552 23560'],
  ['Rostock', 'DE', 'nord', '381', 2, '18055 18147'],
  ['Berlin', 'DE', 'nord', '30', 6, '10115 10178 10997 12099 13353'],
  ['Leipzig', 'DE', 'nord', '341', 3, '04109 04229 04347'],
  ['Dresden', 'DE', 'nord', '351', 3, '01067 01099 01237'],
  ['Münster', 'DE', 'nord', '251', 3, '48143 48155 48163'],
  ['Düsseldorf', 'DE', 'nord', '211', 4, '40210 40474 40591'],
  ['Köln', 'DE', 'nord', '221', 5, '50667 50823 51063'],
  ['Bielefeld', 'DE', 'nord', '521', 2, '33602 33609'],
  ['Oldenburg', 'DE', 'nord', '441', 2, '26121 26135'],
  ['Osnabrück', 'DE', 'nord', '541', 2, '49074 49084'],
  ['München', 'DE', 'sued', '89', 8, '80331 80469 80993 81379 81671'],
  ['Stuttgart', 'DE', 'sued', '711', 5, '70173 70191 70469 70565'],
  ['Nürnberg', 'DE', 'sued', '911', 4, '90402 90429 90471'],
  ['Freiburg', 'DE', 'sued', '761', 3, '79098 79108 79111'],
  ['Augsburg', 'DE', 'sued', '821', 3, '86150 86167'],
  ['Mannheim', 'DE', 'sued', '621', 3, '68159 68219'],
  ['Regensburg', 'DE', 'sued', '941', 2, '93047 93055'],
  ['Ulm', 'DE', 'sued', '731', 2, '89073 89079'],
  ['Karlsruhe', 'DE', 'sued', '721', 2, '76131 76187'],
  ['Würzburg', 'DE', 'sued', '931', 2, '97070 97076'],
  ['Wien', 'AT', 'sued', '1', 4, '1010 1030 1070 1100 1210'],
  ['Graz', 'AT', 'sued', '316', 2, '8010 8020 8055'],
  ['Salzburg', 'AT', 'sued', '662', 1, '5020 5023'],
  ['Linz', 'AT', 'sued', '732', 1, '4020 4030'],
  ['Innsbruck', 'AT', 'sued', '512', 1, '6020'],
  ['Zürich', 'CH', 'sued', '44', 3, '8001 8005 8048'],
  ['Basel', 'CH', 'sued', '61', 2, '4051 4057'],
  ['Bern', 'CH', 'sued', '31', 1, '3011 3013'],
  ['Luzern', 'CH', 'sued', '41', 1, '6003 6005'],
  ['London', 'GB', 'sued', '20', 6, 'EC1V 9HX|SE1 7PB|N1 9GU|E14 5AB|W3 7QS'],
  ['Manchester', 'GB', 'sued', '161', 3, 'M1 1AE|M4 5JD|M17 1WA'],
  ['Bristol', 'GB', 'sued', '117', 2, 'BS1 4DJ|BS2 0TB|BS8 1TH'],
  ['Leeds', 'GB', 'sued', '113', 2, 'LS1 4DY|LS11 5QN|LS12 6HL'],
  ['Birmingham', 'GB', 'sued', '121', 2, 'B1 1BB|B5 4BU|B7 4AA'],
  ['Edinburgh', 'GB', 'sued', '131', 2, 'EH1 1YZ|EH6 6QU|EH12 9DQ'],
  ['Glasgow', 'GB', 'sued', '141', 1, 'G1 1XQ|G2 8DL|G51 1EA'],
  ['Liverpool', 'GB', 'sued', '151', 1, 'L1 8JQ|L3 4AF'],
  ['Nottingham', 'GB', 'sued', '115', 1, 'NG1 5FW|NG7 2RD'],
  ['Dublin', 'IE', 'sued', '1', 2, 'D02 X285|D08 VF8H|D12 R2T3'],
  ['Cork', 'IE', 'sued', '21', 1, 'T12 PX62|T23 K8W2'],
  ['Galway', 'IE', 'sued', '91', 1, 'H91 E2W2'],
  ['Boston', 'US', 'sued', '617', 1, '02110 02127 02210'],
  ['Chicago', 'US', 'sued', '312', 1, '60607 60616 60654']
];

export const CITIES: readonly DemoCity[] = CITY_ROWS.map(([name, country, region, areaCode, weight, postal]) => ({
  name,
  country,
  region,
  areaCode,
  weight,
  // UK/IE codes contain spaces, so those rows separate entries with '|'.
  postalCodes: postal.includes('|') ? postal.split('|') : postal.split(' ')
}));

/** Weighted city table per team region, prepared once for SeededRandom.weighted(). */
export const CITIES_BY_REGION: Record<SalesRegion, ReadonlyArray<readonly [DemoCity, number]>> = {
  nord: CITIES.filter((c) => c.region === 'nord').map((c) => [c, c.weight] as const),
  sued: CITIES.filter((c) => c.region === 'sued').map((c) => [c, c.weight] as const)
};

export const ALL_CITIES_WEIGHTED: ReadonlyArray<readonly [DemoCity, number]> = CITIES.map(
  (c) => [c, c.weight] as const
);

export const STREETS_DE = [
  'Hauptstraße',
  'Bahnhofstraße',
  'Industriestraße',
  'Gewerbering',
  'Schillerstraße',
  'Goethestraße',
  'Lindenallee',
  'Mühlenweg',
  'Am Hafen',
  'Kirchplatz',
  'Marktstraße',
  'Gartenstraße',
  'Rosenstraße',
  'Friedrichstraße',
  'Am Sandtorkai',
  'Hafenstraße',
  'Wiesenweg',
  'Siemensstraße',
  'Daimlerstraße',
  'Robert-Bosch-Straße',
  'Carl-Benz-Straße',
  'Im Gewerbepark',
  'Kaiserstraße',
  'Ringstraße',
  'Schloßstraße',
  'Große Straße',
  'Dorfstraße',
  'Uferstraße',
  'Brückenstraße',
  'Landstraße'
] as const;

export const STREETS_EN = [
  'High Street',
  'Station Road',
  'Church Lane',
  'Mill Lane',
  'Victoria Road',
  'Kings Road',
  'Park Avenue',
  'Queen Street',
  'Market Street',
  'Riverside Way',
  'Canal Street',
  'Wharf Road',
  'Bridge Street',
  'London Road',
  'Albert Road',
  'George Street',
  'Manor Way',
  'Harbour Road',
  'Commercial Street',
  'Summer Street',
  'Water Street',
  'Mill Road',
  'Castle Street',
  'Chapel Street'
] as const;

/** Business parks give some English addresses the "Unit 4, ..." shape common for trade customers. */
export const BUSINESS_PARKS_EN = [
  'Riverside Business Park',
  'Trafford Park',
  'Meadowbank Industrial Estate',
  'Kingsway Trade Park',
  'Northgate Enterprise Centre',
  'Harbour Point'
] as const;
