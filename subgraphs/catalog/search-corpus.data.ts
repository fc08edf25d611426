import { Occasion } from './entities/occasion';

// What shoppers type, in Spanish and English (plurals and singulars, accents or none, typos, several words), and
// the demo products (scripts/seed) each must find. Products are named by what they are, not listed by slug: every
// seeded product of that flower, colour, category or occasion must be found (finding more is allowed).

export interface SeedSelection {
  flowerType?: string;
  colour?: string;
  /** Leaf category slugs: any of them. */
  categories?: string[];
  occasion?: Occasion;
}

export interface CorpusQuery {
  search: string;
  finds: SeedSelection;
  /** Products (by the same selection) that must come first: their names hold every word. */
  first?: SeedSelection;
  /** The did-you-mean expected (null: none). */
  suggestion?: string | null;
}

const BOUQUETS = ['rose-bouquets', 'tulip-bouquets', 'lily-bouquets', 'mixed-bouquets'];
const PLANTS = ['orchids', 'indoor-plants', 'succulents'];

export const searchCorpus: CorpusQuery[] = [
  // Roses, in both languages, singular and plural.
  { search: 'roses', finds: { flowerType: 'rose' }, suggestion: null },
  { search: 'rose', finds: { flowerType: 'rose' } },
  { search: 'rosas', finds: { flowerType: 'rose' } },
  { search: 'rosa', finds: { flowerType: 'rose' } },
  { search: 'rósas', finds: { flowerType: 'rose' } },
  { search: 'rosas rojas', finds: { flowerType: 'rose', colour: 'red' }, first: { categories: ['rose-bouquets'], colour: 'red' }, suggestion: null },
  { search: 'ROSAS Rojas', finds: { flowerType: 'rose', colour: 'red' } },
  { search: 'red roses', finds: { flowerType: 'rose', colour: 'red' }, first: { categories: ['rose-bouquets'], colour: 'red' } },
  { search: 'ramo de rosas', finds: { categories: ['rose-bouquets'] } },
  { search: 'rosass', finds: { flowerType: 'rose' }, suggestion: 'rosas' },
  // Tulips.
  { search: 'tulips', finds: { flowerType: 'tulip' } },
  { search: 'tulip', finds: { flowerType: 'tulip' } },
  { search: 'tulipanes', finds: { flowerType: 'tulip' } },
  { search: 'tulipán', finds: { flowerType: 'tulip' } },
  { search: 'tulpis', finds: { flowerType: 'tulip' }, suggestion: 'tulips' },
  { search: 'tulipanes amarillos', finds: { flowerType: 'tulip', colour: 'yellow' } },
  { search: 'yellow tulips', finds: { flowerType: 'tulip', colour: 'yellow' } },
  // Lilies, orchids, peonies.
  { search: 'lilies', finds: { flowerType: 'lily' } },
  { search: 'lily', finds: { flowerType: 'lily' } },
  { search: 'lillies', finds: { flowerType: 'lily' }, suggestion: 'lilies' },
  { search: 'lirios', finds: { flowerType: 'lily' } },
  { search: 'lirio', finds: { flowerType: 'lily' } },
  { search: 'orchids', finds: { flowerType: 'orchid' } },
  { search: 'orquídeas', finds: { flowerType: 'orchid' } },
  { search: 'orquidea', finds: { flowerType: 'orchid' } },
  { search: 'orquideas blancas', finds: { flowerType: 'orchid', colour: 'white' } },
  { search: 'peonies', finds: { flowerType: 'peony' } },
  { search: 'peonía', finds: { flowerType: 'peony' } },
  // Other flowers.
  { search: 'sunflowers', finds: { flowerType: 'sunflower' } },
  { search: 'girasol', finds: { flowerType: 'sunflower' } },
  { search: 'girasloes', finds: { flowerType: 'sunflower' }, suggestion: 'girasoles' },
  { search: 'claveles', finds: { flowerType: 'carnation' } },
  { search: 'clavel', finds: { flowerType: 'carnation' } },
  { search: 'carnations', finds: { flowerType: 'carnation' } },
  { search: 'margaritas', finds: { flowerType: 'daisy' } },
  { search: 'daisies', finds: { flowerType: 'daisy' } },
  { search: 'lavanda', finds: { flowerType: 'lavender' } },
  // Shelves (categories), in either language.
  { search: 'wreath', finds: { categories: ['wreaths'] } },
  { search: 'coronas', finds: { categories: ['wreaths'] } },
  { search: 'corona blanca', finds: { categories: ['wreaths'], colour: 'white' } },
  { search: 'funeral', finds: { categories: ['wreaths', 'funeral-arrangements'] } },
  { search: 'bouquet', finds: { categories: BOUQUETS } },
  { search: 'ramos', finds: { categories: BOUQUETS } },
  { search: 'plantas', finds: { categories: PLANTS } },
  { search: 'plant', finds: { categories: PLANTS } },
  { search: 'suculentas', finds: { categories: ['succulents'] } },
  { search: 'succulent', finds: { categories: ['succulents'] } },
  { search: 'cactus', finds: { flowerType: 'cactus' } },
  { search: 'regalo', finds: { categories: ['gift-boxes'] } },
  { search: 'gift box', finds: { categories: ['gift-boxes'] } },
  // Occasions, in either language.
  { search: 'boda', finds: { occasion: Occasion.WEDDING } },
  { search: 'wedding', finds: { occasion: Occasion.WEDDING } },
  { search: 'cumpleaños', finds: { occasion: Occasion.BIRTHDAY } },
  { search: 'birthday', finds: { occasion: Occasion.BIRTHDAY } },
  { search: 'condolencias', finds: { occasion: Occasion.SYMPATHY } },
  { search: 'día de la madre', finds: { occasion: Occasion.MOTHERS_DAY } },
  { search: 'valentine', finds: { occasion: Occasion.VALENTINES_DAY } },
  { search: 'rosas para cumpleaños', finds: { flowerType: 'rose', occasion: Occasion.BIRTHDAY } },
];
