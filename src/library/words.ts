// How the library's stored values read on pages: labels, never the stored words.
import { framework } from '../framework/data.ts';
import { exportFormatNames } from './citations.ts';
import { itemTypeNames } from './entry.ts';
import { libraryStatusNames } from './kind.ts';

export const libraryVisibilityNames: Record<string, string> = {
  public: 'Anyone, including people without an account',
  signed_in: 'Everyone signed in to Waymark',
  organisation: 'People in your organisation',
};

export const libraryLabels = {
  itemTypeNames,
  exportFormatNames,
  libraryStatusNames,
  libraryVisibilityNames,
  lessonNames: Object.fromEntries(framework.lessons.map((l) => [l.key, l.title])),
  characteristicNames: Object.fromEntries(framework.characteristics.map((c) => [c.key, c.name])),
  roleNames: Object.fromEntries(framework.roles.map((r) => [r.key, r.name])),
};
