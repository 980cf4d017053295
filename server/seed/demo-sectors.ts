/**
 * Industries of the demo customers and the words their names are built from. Keeping the name parts
 * next to the industry label means "Spedition Köhler" is never filed under "Gesundheitswesen".
 */
import type { Title } from './demo-people';
import type { Language } from './demo-places';

export interface Sector {
  industry: Record<Language, string>;
  /** Trade that precedes the owner's surname in German ("Bäckerei Hoffmann") and follows it in English ("Hughes Joinery"). */
  trades: Record<Language, readonly string[]>;
  /** Word that follows a brand or surname: "Nordlicht Logistik", "Brightwater Foods". */
  words: Record<Language, readonly string[]>;
  /** Job titles only this kind of business has: a Küchenchef works in a hotel, not at a haulier. */
  roles: Record<Language, readonly Title[]>;
  /** Medical practices carry no legal form in their name. */
  practice?: boolean;
  /** Relative share among the demo customers. */
  weight: number;
}

export const SECTORS: readonly Sector[] = [
  {
    industry: { de: 'Lebensmittelhandwerk', en: 'Food & Beverage' },
    trades: {
      de: ['Bäckerei', 'Konditorei', 'Metzgerei', 'Feinkost', 'Getränke'],
      en: ['Bakery', 'Butchers', 'Delicatessen']
    },
    words: {
      de: ['Backwaren', 'Feinkost', 'Getränke', 'Frischdienst'],
      en: ['Foods', 'Bakeries', 'Beverages', 'Provisions']
    },
    roles: {
      de: [
        ['Backstubenleiterin', 'Backstubenleiter'],
        ['Filialleiterin', 'Filialleiter']
      ],
      en: [
        ['Production Manager', 'Production Manager'],
        ['Shop Manager', 'Shop Manager']
      ]
    },
    weight: 3
  },
  {
    industry: { de: 'Handwerk & Bau', en: 'Construction & Trades' },
    trades: {
      de: ['Schreinerei', 'Tischlerei', 'Zimmerei', 'Malerbetrieb', 'Dachdeckerei', 'Elektro', 'Sanitär'],
      en: ['Joinery', 'Roofing', 'Electrical', 'Plumbing & Heating', 'Decorators']
    },
    words: {
      de: ['Haustechnik', 'Holzbau', 'Bau', 'Elektrotechnik', 'Dachtechnik'],
      en: ['Building Services', 'Construction', 'Contractors']
    },
    roles: {
      de: [
        ['Bauleiterin', 'Bauleiter'],
        ['Werkstattleiterin', 'Werkstattleiter']
      ],
      en: [
        ['Site Manager', 'Site Manager'],
        ['Contracts Manager', 'Contracts Manager']
      ]
    },
    weight: 4
  },
  {
    industry: { de: 'Einzelhandel', en: 'Retail' },
    trades: {
      de: ['Modehaus', 'Schuhhaus', 'Buchhandlung', 'Optik', 'Eisenwaren', 'Blumen'],
      en: ['Outfitters', 'Booksellers', 'Opticians', 'Hardware']
    },
    words: {
      de: ['Handel', 'Warenhaus', 'Bürobedarf', 'Fachmarkt'],
      en: ['Retail', 'Stores', 'Trading', 'Office Supplies']
    },
    roles: {
      de: [
        ['Filialleiterin', 'Filialleiter'],
        ['Abteilungsleiterin', 'Abteilungsleiter']
      ],
      en: [
        ['Store Manager', 'Store Manager'],
        ['Category Buyer', 'Category Buyer']
      ]
    },
    weight: 3
  },
  {
    industry: { de: 'Hotellerie & Gastronomie', en: 'Hospitality' },
    trades: { de: ['Hotel', 'Gasthof', 'Landgasthof', 'Restaurant', 'Café'], en: ['Catering', 'Hotels'] },
    words: { de: ['Hotel', 'Hotels', 'Gastronomie', 'Catering'], en: ['Hotels', 'Hospitality', 'Catering', 'Inns'] },
    roles: {
      de: [
        ['Küchenchefin', 'Küchenchef'],
        ['Hoteldirektorin', 'Hoteldirektor'],
        ['F&B-Managerin', 'F&B-Manager']
      ],
      en: [
        ['Head Chef', 'Head Chef'],
        ['General Manager', 'General Manager'],
        ['F&B Manager', 'F&B Manager']
      ]
    },
    weight: 3
  },
  {
    industry: { de: 'Maschinenbau & Fertigung', en: 'Manufacturing' },
    trades: { de: ['Metallbau', 'Werkzeugbau', 'Drehteile'], en: ['Engineering', 'Fabrications', 'Tooling'] },
    words: {
      de: ['Maschinenbau', 'Präzisionstechnik', 'Kunststofftechnik', 'Antriebstechnik', 'Verpackung'],
      en: ['Precision Engineering', 'Manufacturing', 'Plastics', 'Components', 'Packaging']
    },
    roles: {
      de: [
        ['Produktionsleiterin', 'Produktionsleiter'],
        ['Leiterin Instandhaltung', 'Leiter Instandhaltung']
      ],
      en: [
        ['Production Manager', 'Production Manager'],
        ['Maintenance Lead', 'Maintenance Lead']
      ]
    },
    weight: 4
  },
  {
    industry: { de: 'Logistik & Transport', en: 'Logistics & Transport' },
    trades: { de: ['Spedition', 'Transporte', 'Kurierdienst'], en: ['Haulage', 'Freight', 'Removals'] },
    words: {
      de: ['Logistik', 'Spedition', 'Lagerlogistik', 'Transport'],
      en: ['Logistics', 'Freight', 'Marine Supplies', 'Distribution']
    },
    roles: {
      de: [
        ['Disponentin', 'Disponent'],
        ['Lagerleiterin', 'Lagerleiter'],
        ['Fuhrparkleiterin', 'Fuhrparkleiter']
      ],
      en: [
        ['Transport Planner', 'Transport Planner'],
        ['Warehouse Supervisor', 'Warehouse Supervisor'],
        ['Fleet Manager', 'Fleet Manager']
      ]
    },
    weight: 3
  },
  {
    industry: { de: 'Gesundheitswesen', en: 'Healthcare' },
    trades: {
      de: ['Praxis Dr.', 'Zahnarztpraxis Dr.', 'Tierarztpraxis Dr.', 'Physiotherapie', 'Hausarztpraxis Dr.'],
      en: ['Dental Practice', 'Physiotherapy', 'Veterinary Clinic', 'Pharmacy']
    },
    words: {
      de: ['Medizintechnik', 'Pflegedienst', 'Sanitätshaus', 'Dental'],
      en: ['Dental Care', 'Medical Supplies', 'Healthcare', 'Care Homes']
    },
    roles: {
      de: [
        ['Praxismanagerin', 'Praxismanager'],
        ['Pflegedienstleiterin', 'Pflegedienstleiter']
      ],
      en: [
        ['Practice Manager', 'Practice Manager'],
        ['Lead Nurse', 'Lead Nurse']
      ]
    },
    practice: true,
    weight: 2
  },
  {
    industry: { de: 'IT-Dienstleistungen', en: 'IT Services' },
    trades: { de: ['EDV-Service', 'IT-Service', 'Computer'], en: ['IT Solutions', 'Computing'] },
    words: {
      de: ['IT-Systemhaus', 'Software', 'Datentechnik', 'Netzwerke'],
      en: ['Systems', 'Software', 'Digital', 'Networks']
    },
    roles: {
      de: [
        ['Technische Leiterin', 'Technischer Leiter'],
        ['Projektleiterin', 'Projektleiter']
      ],
      en: [
        ['Technical Director', 'Technical Director'],
        ['Service Desk Lead', 'Service Desk Lead']
      ]
    },
    weight: 2
  },
  {
    industry: { de: 'Kfz & Automotive', en: 'Automotive' },
    trades: { de: ['Autohaus', 'Kfz-Werkstatt', 'Reifendienst'], en: ['Motors', 'Garage', 'Tyres'] },
    words: {
      de: ['Fahrzeugtechnik', 'Autoteile', 'Nutzfahrzeuge'],
      en: ['Motor Group', 'Auto Parts', 'Fleet Services']
    },
    roles: {
      de: [
        ['Werkstattleiterin', 'Werkstattleiter'],
        ['Serviceberaterin', 'Serviceberater'],
        ['Teiledienstleiterin', 'Teiledienstleiter']
      ],
      en: [
        ['Workshop Manager', 'Workshop Manager'],
        ['Service Adviser', 'Service Adviser'],
        ['Parts Manager', 'Parts Manager']
      ]
    },
    weight: 2
  },
  {
    industry: { de: 'Großhandel', en: 'Wholesale' },
    trades: { de: ['Getränkehandel', 'Baustoffe', 'Agrarhandel'], en: ['Wholesale', 'Builders Merchants'] },
    words: {
      de: ['Großhandel', 'Baustoffe', 'Agrarhandel', 'Gastro-Großhandel'],
      en: ['Wholesale', 'Supplies', 'Builders Merchants']
    },
    roles: {
      de: [
        ['Lagerleiterin', 'Lagerleiter'],
        ['Disponentin', 'Disponent']
      ],
      en: [
        ['Depot Manager', 'Depot Manager'],
        ['Inside Sales', 'Inside Sales']
      ]
    },
    weight: 2
  }
];

export const SECTORS_WEIGHTED: ReadonlyArray<readonly [Sector, number]> = SECTORS.map((s) => [s, s.weight] as const);

/**
 * Invented brand words. German ones lean regional (Hanse/Elbe in the north, Alpen/Isar in the south)
 * because that is how Mittelstand firms name themselves.
 */
export const BRANDS = {
  nord: [
    'Nordlicht',
    'Hanse',
    'Elbtal',
    'Weser',
    'Ostsee',
    'Küstenland',
    'Nordstern',
    'Heideland',
    'Leuchtturm',
    'Fördeblick'
  ],
  sued: [
    'Alpenblick',
    'Isar',
    'Donau',
    'Schwarzwald',
    'Bergquell',
    'Bodensee',
    'Zugspitz',
    'Edelweiß',
    'Allgäuer',
    'Frankenland'
  ],
  de: [
    'Sonnenhof',
    'Lindenhof',
    'Sternberg',
    'Falkenstein',
    'Löwen',
    'Merkur',
    'Kronen',
    'Phönix',
    'Blautal',
    'Grünwerk',
    'Mühlbach'
  ],
  en: [
    'Brightwater',
    'Harbour',
    'Riverside',
    'Kingsgate',
    'Oakfield',
    'Ashford',
    'Greenway',
    'Northgate',
    'Westbrook',
    'Millbrook',
    'Highland',
    'Clearview',
    'Redbridge',
    'Stonebridge',
    'Silverline',
    'Meridian',
    'Pennine',
    'Thistle',
    'Liffey',
    'Lakeshore',
    'Beacon',
    'Summit',
    'Foxglove',
    'Kestrel'
  ]
} as const;
