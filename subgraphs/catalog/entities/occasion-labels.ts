import { Locale } from './locale';
import { Occasion } from './occasion';

/** What each occasion is called, shown on facets and searched ("boda" and "wedding" find WEDDING). */
export const OCCASION_LABELS: Record<Occasion, Record<Locale, string>> = {
  [Occasion.BIRTHDAY]: { ES: 'Cumpleaños', EN: 'Birthday' },
  [Occasion.ANNIVERSARY]: { ES: 'Aniversario', EN: 'Anniversary' },
  [Occasion.ROMANCE]: { ES: 'Amor', EN: 'Romance' },
  [Occasion.WEDDING]: { ES: 'Boda', EN: 'Wedding' },
  [Occasion.NEW_BABY]: { ES: 'Nacimiento', EN: 'New baby' },
  [Occasion.GET_WELL]: { ES: 'Mejórate', EN: 'Get well' },
  [Occasion.SYMPATHY]: { ES: 'Condolencias', EN: 'Sympathy' },
  [Occasion.THANK_YOU]: { ES: 'Agradecimiento', EN: 'Thank you' },
  [Occasion.CONGRATULATIONS]: { ES: 'Felicitaciones', EN: 'Congratulations' },
  [Occasion.GRADUATION]: { ES: 'Graduación', EN: 'Graduation' },
  [Occasion.MOTHERS_DAY]: { ES: 'Día de la Madre', EN: "Mother's Day" },
  [Occasion.VALENTINES_DAY]: { ES: 'San Valentín', EN: "Valentine's Day" },
  [Occasion.JUST_BECAUSE]: { ES: 'Porque sí', EN: 'Just because' },
};
