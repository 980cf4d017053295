/**
 * Names and job titles for customer contacts. German lists deliberately include umlauts, ß and
 * Turkish/Polish names common in Germany, so search, sorting and email slugs get exercised on real
 * data instead of ASCII-only fixtures.
 */
import type { Language } from './demo-places';

export type Gender = 'f' | 'm';

export const FIRST_NAMES: Record<Language, Record<Gender, readonly string[]>> = {
  de: {
    f: [
      'Anna', 'Julia', 'Katharina', 'Sabine', 'Petra', 'Claudia', 'Stefanie', 'Laura', 'Lena', 'Sophie',
      'Marie', 'Jana', 'Birgit', 'Monika', 'Andrea', 'Nicole', 'Sandra', 'Melanie', 'Christina',
      'Franziska', 'Bärbel', 'Dörte', 'Heike', 'Ute', 'Ayşe', 'Elif', 'Magdalena', 'Johanna', 'Carina'
    ],
    m: [
      'Thomas', 'Michael', 'Andreas', 'Stefan', 'Christian', 'Markus', 'Frank', 'Matthias', 'Jan',
      'Tobias', 'Florian', 'Lukas', 'Sebastian', 'Daniel', 'Alexander', 'Jürgen', 'Jörg', 'Björn',
      'Sönke', 'Günther', 'Uwe', 'Klaus', 'Wolfgang', 'Dirk', 'Holger', 'Kai', 'Timo', 'Niklas',
      'Felix', 'Emre', 'Mehmet', 'Piotr', 'Ralf', 'Bernd'
    ]
  },
  en: {
    f: [
      'Emma', 'Olivia', 'Sophie', 'Charlotte', 'Emily', 'Hannah', 'Sarah', 'Rachel', 'Claire', 'Laura',
      'Rebecca', 'Aoife', 'Siobhán', 'Niamh', 'Fiona', 'Priya', 'Grace', 'Lucy', 'Megan', 'Jessica',
      'Victoria', 'Helen', 'Karen', 'Zoë', 'Isla'
    ],
    m: [
      'James', 'Oliver', 'Jack', 'Harry', 'George', 'Thomas', 'William', 'Daniel', 'Matthew', 'David',
      'Richard', 'Mark', 'Paul', 'Andrew', 'Stephen', 'Liam', 'Conor', 'Seán', 'Ciarán', 'Callum',
      'Ewan', 'Rory', 'Raj', 'Mohammed', 'Ben', 'Sam', 'Michael'
    ]
  }
};

export const LAST_NAMES: Record<Language, readonly string[]> = {
  de: [
    'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz',
    'Hoffmann', 'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann',
    'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Krause',
    'Lehmann', 'Köhler', 'Herrmann', 'König', 'Walter', 'Huber', 'Kaiser', 'Fuchs', 'Peters', 'Möller',
    'Weiß', 'Jung', 'Hahn', 'Vogel', 'Keller', 'Günther', 'Berger', 'Winkler', 'Roth', 'Lorenz',
    'Baumann', 'Albrecht', 'Böhm', 'Winter', 'Krämer', 'Vogt', 'Jäger', 'Sommer', 'Groß', 'Seidel',
    'Brandt', 'Haas', 'Graf', 'Dietrich', 'Ziegler', 'Kühn', 'Engel', 'Horn', 'Bergmann', 'Voigt',
    'Strauß', 'Gärtner', 'Kessler', 'Petersen', 'Hansen', 'Carstensen', 'Gruber', 'Pichler', 'Steiner',
    'Moser', 'Brunner', 'Egger', 'Baumgartner', 'Yılmaz', 'Öztürk', 'Demir', 'Nowak', 'Kowalski'
  ],
  en: [
    'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Johnson', 'Roberts',
    'Robinson', 'Thompson', 'Wright', 'Walker', 'Edwards', 'Hughes', 'Green', 'Hall', 'Lewis', 'Harris',
    'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'King',
    'Baker', 'Harrison', 'Morgan', 'Allen', 'Scott', 'Phillips', 'Watson', 'Parker', 'Price', 'Bennett',
    'Young', 'Griffiths', 'Mitchell', 'Kelly', 'Carter', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy',
    "O'Brien", 'Byrne', 'Walsh', "O'Sullivan", 'Kennedy', 'Lynch', 'Quinn', 'Doyle', 'McCarthy',
    'Fitzgerald', 'Campbell', 'Stewart', 'MacDonald', 'Reid', 'Fraser', 'Khan', 'Ahmed', 'Singh'
  ]
};

/** German titles have a gendered form; English ones do not, so both slots hold the same string. */
export type Title = readonly [f: string, m: string];

/** Decision makers: the usual primary contact of a small or mid-sized customer. */
export const SENIOR_ROLES: Record<Language, readonly Title[]> = {
  de: [
    ['Geschäftsführerin', 'Geschäftsführer'],
    ['Inhaberin', 'Inhaber'],
    ['Einkaufsleiterin', 'Einkaufsleiter'],
    ['Prokuristin', 'Prokurist'],
    ['Leiterin Einkauf & Logistik', 'Leiter Einkauf & Logistik'],
    ['Kaufmännische Leiterin', 'Kaufmännischer Leiter']
  ],
  en: [
    ['Managing Director', 'Managing Director'],
    ['Owner', 'Owner'],
    ['Head of Procurement', 'Head of Procurement'],
    ['Operations Director', 'Operations Director'],
    ['CFO', 'CFO'],
    ['Purchasing Manager', 'Purchasing Manager']
  ]
};

/** Who signs for a medical practice: the doctor or therapist who owns it. */
export const PRACTICE_OWNER_ROLES: Record<Language, readonly Title[]> = {
  de: [['Praxisinhaberin', 'Praxisinhaber'], ['Ärztliche Leiterin', 'Ärztlicher Leiter']],
  en: [['Practice Owner', 'Practice Owner'], ['Clinical Director', 'Clinical Director']]
};

/** Back-office titles found in any firm; trade-specific ones live with their sector in demo-sectors.ts. */
export const OTHER_ROLES: Record<Language, readonly Title[]> = {
  de: [
    ['Office Managerin', 'Office Manager'],
    ['Buchhaltung', 'Buchhaltung'],
    ['Assistenz der Geschäftsführung', 'Assistenz der Geschäftsführung'],
    ['Einkäuferin', 'Einkäufer'],
    ['IT-Verantwortliche', 'IT-Verantwortlicher'],
    ['Sekretariat', 'Sekretariat']
  ],
  en: [
    ['Office Manager', 'Office Manager'],
    ['Accounts Payable', 'Accounts Payable'],
    ['Facilities Manager', 'Facilities Manager'],
    ['Buyer', 'Buyer'],
    ['IT Manager', 'IT Manager'],
    ['PA to the MD', 'PA to the MD']
  ]
};

export function titleFor(title: Title, gender: Gender): string {
  return gender === 'f' ? title[0] : title[1];
}
