import { Locale } from './locale';
import { Occasion } from './occasion';

/** What each occasion is called, shown on facets and searched ("boda" and "wedding" find WEDDING). */
export const OCCASION_LABELS: Record<Occasion, Record<Locale, string>> = {
  [Occasion.BIRTHDAY]: { es: 'Cumpleaños', en: 'Birthday' },
  [Occasion.ANNIVERSARY]: { es: 'Aniversario', en: 'Anniversary' },
  [Occasion.ROMANCE]: { es: 'Amor', en: 'Romance' },
  [Occasion.WEDDING]: { es: 'Boda', en: 'Wedding' },
  [Occasion.NEW_BABY]: { es: 'Nacimiento', en: 'New baby' },
  [Occasion.GET_WELL]: { es: 'Mejórate', en: 'Get well' },
  [Occasion.SYMPATHY]: { es: 'Condolencias', en: 'Sympathy' },
  [Occasion.THANK_YOU]: { es: 'Agradecimiento', en: 'Thank you' },
  [Occasion.CONGRATULATIONS]: { es: 'Felicitaciones', en: 'Congratulations' },
  [Occasion.GRADUATION]: { es: 'Graduación', en: 'Graduation' },
  [Occasion.MOTHERS_DAY]: { es: 'Día de la Madre', en: "Mother's Day" },
  [Occasion.VALENTINES_DAY]: { es: 'San Valentín', en: "Valentine's Day" },
  [Occasion.JUST_BECAUSE]: { es: 'Porque sí', en: 'Just because' },
};
