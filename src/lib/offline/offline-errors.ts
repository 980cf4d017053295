/** The dossier page could not load the metadata: offline, and this device never opened this dossier. */
export class NotAvailableOfflineError extends Error {
  constructor() {
    super('dossier not available offline');
    this.name = 'NotAvailableOfflineError';
  }
}
