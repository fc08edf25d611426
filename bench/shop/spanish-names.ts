// The seed's product names are English; the shop sells in Chile too, so the bench's catalog gives every product
// a Spanish name beside it ("Classic Red Rose Bouquet · Rosas rojas"), and shoppers search in both languages.

/** Flower or plant → its Spanish name (plural where one says it so) and grammatical gender. */
const flowers: Record<string, [name: string, gender: 'f' | 'm']> = {
  rose: ['rosas', 'f'],
  tulip: ['tulipanes', 'm'],
  lily: ['lirios', 'm'],
  orchid: ['orquídeas', 'f'],
  chrysanthemum: ['crisantemos', 'm'],
  peony: ['peonías', 'f'],
  daffodil: ['narcisos', 'm'],
  lavender: ['lavanda', 'f'],
  sunflower: ['girasoles', 'm'],
  gerbera: ['gerberas', 'f'],
  daisy: ['margaritas', 'f'],
  alstroemeria: ['astromelias', 'f'],
  carnation: ['claveles', 'm'],
  monstera: ['monstera', 'f'],
  'peace lily': ['espatifilo', 'm'],
  'snake plant': ['sansevieria', 'f'],
  ficus: ['ficus', 'm'],
  pothos: ['potus', 'm'],
  calathea: ['calathea', 'f'],
  zamioculcas: ['zamioculca', 'f'],
  echeveria: ['echeverias', 'f'],
  cactus: ['cactus', 'm'],
  aloe: ['aloe vera', 'm'],
  'jade plant': ['árbol de jade', 'm'],
  haworthia: ['haworthia', 'f'],
};

/** Colour → its Spanish adjective, plural, by gender (naranja and crema do not change). */
const colours: Record<string, { f: string; m: string }> = {
  red: { f: 'rojas', m: 'rojos' },
  pink: { f: 'rosadas', m: 'rosados' },
  white: { f: 'blancas', m: 'blancos' },
  yellow: { f: 'amarillas', m: 'amarillos' },
  orange: { f: 'naranja', m: 'naranja' },
  purple: { f: 'moradas', m: 'morados' },
  cream: { f: 'crema', m: 'crema' },
};

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The Spanish name of a product from its flowers and colours: "Rosas rojas" for one flower in one colour,
 * "Tulipanes y narcisos" for several; flowers without a known name are left out (empty when none is known).
 */
export function spanishName(flowerTypes: string[], productColours: string[]): string {
  const known = flowerTypes.filter((flower) => flower in flowers).map((flower) => flowers[flower]);
  if (known.length === 0) return '';
  const colour = known.length === 1 && productColours.length === 1 ? colours[productColours[0]]?.[known[0][1]] : undefined;
  const names = known.map(([name]) => name);
  const joined = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} y ${names[names.length - 1]}`;
  return capitalised(colour ? `${joined} ${colour}` : joined);
}

/** The English name with the Spanish one beside it. */
export const bilingualName = (englishName: string, flowerTypes: string[], productColours: string[]) => {
  const spanish = spanishName(flowerTypes, productColours);
  return spanish ? `${englishName} · ${spanish}` : englishName;
};
