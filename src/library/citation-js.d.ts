// The little of citation-js's surface the library uses (the packages ship no types). Input is always given
// an explicit type (forceType), so a pasted address is never fetched.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown, options?: { forceType?: string });
    data: Record<string, unknown>[];
    format(format: 'bibliography', options: { template: string; format: 'text' | 'html'; lang?: string }): string;
    format(format: 'bibtex' | 'ris' | 'data', options?: { format?: 'text' }): string;
  }
}
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
declare module '@citation-js/plugin-csl';
