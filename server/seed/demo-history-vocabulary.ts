/**
 * Short, varied summaries for the demo timeline and task titles, per language. `{p}` is a product or
 * service line, `{c}` the contact's first name, `{n}` a small number; amounts live in their own field.
 */
import type { InteractionType, PointOfSale, Stage } from '../../src/lib/contract';
import type { Language } from './demo-places';

type ByLanguage = Record<Language, readonly string[]>;

export const PRODUCTS: ByLanguage = {
  de: [
    'Wartungsvertrag',
    'Ersatzteilpaket',
    'Rahmenvertrag 2026',
    'Schulungspaket',
    'Erweiterung Lizenz',
    'Verbrauchsmaterial',
    'Neuanlage',
    'Service-Flatrate',
    'Nachrüstsatz',
    'Zubehör-Set'
  ],
  en: [
    'service contract',
    'spare parts kit',
    'framework agreement',
    'training package',
    'licence extension',
    'consumables',
    'new installation',
    'support plan',
    'retrofit kit',
    'accessory bundle'
  ]
};

/** The first entry of every dossier: how the lead came in, through which channel. */
export const LEAD_ARRIVALS: ReadonlyArray<{
  type: InteractionType;
  pointOfSale: PointOfSale;
  text: Record<Language, string>;
}> = [
  {
    type: 'email',
    pointOfSale: 'web_shop',
    text: { de: 'Anfrage über das Kontaktformular: Interesse an {p}', en: 'Web form enquiry: interested in the {p}' }
  },
  {
    type: 'meeting',
    pointOfSale: 'field_sales',
    text: {
      de: 'Messekontakt, bittet um Unterlagen zu {p}',
      en: 'Met at the trade fair, asked for material on the {p}'
    }
  },
  {
    type: 'call',
    pointOfSale: 'call_centre',
    text: { de: 'Anruf von {c}: Empfehlung durch einen Bestandskunden', en: '{c} called, referred by a customer' }
  },
  {
    type: 'email',
    pointOfSale: 'call_centre',
    text: {
      de: 'Antwort auf den Newsletter, möchte Preise für {p}',
      en: 'Replied to the newsletter, wants prices for the {p}'
    }
  },
  {
    type: 'visit',
    pointOfSale: 'shop',
    text: { de: 'War im Laden, hat Fragen zu {p}', en: 'Came by the shop with questions about the {p}' }
  }
];

export const SUMMARIES: Record<InteractionType, ByLanguage> = {
  call: {
    de: [
      'Mit {c} telefoniert: Bedarf für {p} bestätigt',
      'Rückruf wegen Lieferzeit, {n} Wochen zugesagt',
      '{c} nicht erreicht, Nachricht hinterlassen',
      'Kurz abgestimmt: Termin für Vor-Ort-Besuch',
      'Nachgefasst zum Angebot, Entscheidung nächste Woche',
      'Zufriedenheitsanruf nach Lieferung, alles in Ordnung'
    ],
    en: [
      'Spoke with {c}: need for the {p} confirmed',
      'Called back about delivery time, promised {n} weeks',
      'Could not reach {c}, left a message',
      'Quick call to set up an on-site visit',
      'Followed up on the offer, decision expected next week',
      'Satisfaction call after delivery, all fine'
    ]
  },
  email: {
    de: [
      'Unterlagen zu {p} per Mail geschickt',
      'Terminbestätigung an {c} gesendet',
      'Aktuelle Preisliste verschickt',
      'Datenblätter und Referenzen nachgereicht',
      'Zusammenfassung des Gesprächs an {c} geschickt'
    ],
    en: [
      'Sent the documents on the {p}',
      'Confirmed the appointment with {c} by e-mail',
      'Sent the current price list',
      'Sent data sheets and references',
      'Sent {c} a summary of the call'
    ]
  },
  meeting: {
    de: [
      'Jahresgespräch mit {c}: Ziele und Volumen besprochen',
      'Videocall: Anforderungen für {p} aufgenommen',
      'Workshop mit dem Einkauf, {n} offene Punkte',
      'Präsentation beim Geschäftsführer'
    ],
    en: [
      'Annual review with {c}: targets and volumes',
      'Video call: gathered requirements for the {p}',
      'Workshop with purchasing, {n} open points',
      'Presented to the managing director'
    ]
  },
  visit: {
    de: [
      'Vor-Ort-Besuch: Anlage besichtigt, Bedarf für {p}',
      'Wartung durchgeführt, Verschleißteile notiert',
      'Besuch bei {c}, neues Projekt in Planung',
      'Inbetriebnahme begleitet, Einweisung gegeben',
      'Kundenbesuch mit Muster von {p}'
    ],
    en: [
      'On-site visit: looked at the plant, need for the {p}',
      'Maintenance done, noted worn parts',
      'Visited {c}, new project in planning',
      'Supported the commissioning, gave a briefing',
      'Visit with samples of the {p}'
    ]
  },
  offer: {
    de: [
      'Angebot {p} erstellt',
      'Angebot überarbeitet: {n} % Nachlass',
      'Angebot für {p} inkl. Montage',
      'Folgeangebot {p} mit Laufzeit 24 Monate'
    ],
    en: [
      'Offer for the {p} sent',
      'Revised the offer: {n} % discount',
      'Offer for the {p} including installation',
      'Follow-up offer, {p} over 24 months'
    ]
  },
  order: {
    de: ['Auftrag {p} erhalten', 'Abruf aus dem Rahmenvertrag', 'Auftrag nach Angebot, Lieferung in {n} Wochen'],
    en: [
      'Order for the {p} received',
      'Call-off from the framework agreement',
      'Order after the offer, delivery in {n} weeks'
    ]
  },
  complaint: {
    de: [
      'Reklamation: Lieferung unvollständig, {n} Teile fehlen',
      'Beschwerde über lange Reaktionszeit im Service',
      'Gerät nach {n} Wochen ausgefallen',
      'Rechnung doppelt gestellt, Kunde verärgert',
      'Falsche Ware geliefert'
    ],
    en: [
      'Complaint: delivery incomplete, {n} parts missing',
      'Complained about slow service response',
      'Unit failed after {n} weeks',
      'Invoiced twice, customer annoyed',
      'Wrong goods delivered'
    ]
  },
  note: {
    de: [
      'Budget wird im Herbst freigegeben',
      'Neuer Ansprechpartner im Einkauf: {c}',
      'Wettbewerber war vor Ort, Preisdruck',
      'Kunde plant Umzug an neuen Standort',
      'Zahlt zuverlässig, Skonto genutzt'
    ],
    en: [
      'Budget gets approved in the autumn',
      'New contact in purchasing: {c}',
      'A competitor visited, pressure on prices',
      'Customer plans to move to a new site',
      'Pays reliably, takes the early-payment discount'
    ]
  }
};

/** Wordings that only fit one point of sale (a web-shop order does not read "order received by phone"). */
export const SUMMARIES_AT: Partial<Record<PointOfSale, Partial<Record<InteractionType, ByLanguage>>>> = {
  web_shop: {
    order: {
      de: ['Nachbestellung {p} über den Webshop', 'Webshop-Bestellung: {n} × {p}'],
      en: ['Reordered the {p} in the web shop', 'Web shop order: {n} × {p}']
    }
  },
  shop: {
    order: {
      de: ['Im Laden gekauft: {p}', 'Abholung im Laden, {p} bar bezahlt'],
      en: ['Bought the {p} in the shop', 'Collected in the shop, {p} paid on the spot']
    },
    visit: {
      de: ['{c} im Laden beraten: {p}', 'War am Messestand, Interesse an {p}'],
      en: ['Advised {c} in the shop on the {p}', 'Came to our trade fair stand, interested in the {p}']
    }
  }
};

/** What customers call or write about (inbound calls and e-mails). */
export const INBOUND_SUMMARIES: Record<'call' | 'email', ByLanguage> = {
  call: {
    de: [
      '{c} ruft an: Rückfrage zur Rechnung, geklärt',
      'Hat nach Staffelpreisen für {p} gefragt',
      '{c} fragt nach dem Liefertermin',
      'Anruf wegen Ersatzteilen für {p}'
    ],
    en: [
      '{c} called with a question on the invoice, sorted',
      'Asked about volume pricing for the {p}',
      '{c} asked about the delivery date',
      'Called about spare parts for the {p}'
    ]
  },
  email: {
    de: [
      '{c} bittet um geänderte Lieferadresse',
      'Anfrage nach einem Angebot für {p}',
      '{c} schickt Zeichnungen und Maße',
      'Bitte um Kopie der letzten Rechnung'
    ],
    en: [
      '{c} asked for a different delivery address',
      'Asked for a quote for the {p}',
      '{c} sent drawings and measurements',
      'Asked for a copy of the last invoice'
    ]
  }
};

/** The entry that ends a lost dossier's story: a lost offer (an `offer`) or a last complaint. */
export const LOST_OFFERS: ByLanguage = {
  de: ['Angebot abgelehnt: Wettbewerber war günstiger', 'Absage: Projekt auf Eis gelegt'],
  en: ['Offer declined: a competitor was cheaper', 'Turned down: project put on hold']
};

export const CALLBACK_TITLES: ByLanguage = {
  de: [
    'Rückruf {c}: Angebot nachfassen',
    'Termin für Jahresgespräch vereinbaren',
    'Rückruf wegen Liefertermin',
    '{c} anrufen: Bedarf für {p}',
    'Nachfassen: Muster angekommen?'
  ],
  en: [
    'Call {c} back about the offer',
    'Set up the annual review',
    'Call back about the delivery date',
    'Call {c}: need for the {p}',
    'Follow up: did the samples arrive?'
  ]
};

export const TASK_TITLES: ByLanguage = {
  de: ['Angebot für {p} vorbereiten', 'Referenzliste schicken', 'Vertragsverlängerung prüfen', 'Besuch planen'],
  en: ['Prepare the offer for the {p}', 'Send the reference list', 'Check the contract renewal', 'Plan a visit']
};

export const OUTCOMES: ByLanguage = {
  de: [
    'Erreicht, Angebot angenommen',
    'Termin steht',
    'Kein Bedarf mehr in diesem Jahr',
    'Ersatz geliefert, Kunde zufrieden',
    'Gutschrift erstellt',
    'Unterlagen verschickt'
  ],
  en: [
    'Reached them, offer accepted',
    'Appointment booked',
    'No further need this year',
    'Replacement delivered, customer happy',
    'Credit note issued',
    'Documents sent'
  ]
};

/** Reasons recorded with stage moves that need one (L2: lost, dormant, backwards). */
export const STAGE_REASONS: Partial<Record<Stage, ByLanguage>> = {
  dormant: {
    de: ['Seit über einem Jahr keine Bestellung', 'Ansprechpartner gewechselt, kein Kontakt mehr'],
    en: ['No order for over a year', 'Contact left, no reply since']
  },
  lost: {
    de: ['Zum Wettbewerber gewechselt', 'Betrieb eingestellt', 'Nach Reklamation gekündigt'],
    en: ['Moved to a competitor', 'Business closed', 'Cancelled after a complaint']
  },
  winback: {
    de: ['Neuer Einkaufsleiter, Interesse an Rückkehr'],
    en: ['New head of purchasing, open to coming back']
  },
  key_account: {
    de: ['Umsatz über 100.000 € im Jahr'],
    en: ['Revenue above €100,000 a year']
  }
};

export function fillIn(template: string, values: { p: string; c: string; n: number }): string {
  return template.replaceAll('{p}', values.p).replaceAll('{c}', values.c).replaceAll('{n}', String(values.n));
}
