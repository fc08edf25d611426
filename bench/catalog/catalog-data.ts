import { Occasion } from '../../subgraphs/catalog/entities/occasion';
import type { NewProduct } from '../../subgraphs/catalog/store/product.store';

// A generated flower-shop catalog of any size, the same for the same size every run (a seeded generator, no
// clock): a two-level category tree, product lines of flowers in colours and sizes, Spanish and English words in
// names and descriptions, tags, occasions, prices from 9 to 180 EUR and stock from 0 to 40.

/** mulberry32: a small seeded generator, so every run builds the same catalog. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const CATEGORY_TREE: Array<[string, string[]]> = [
  ['Ramos y Bouquets', ['Rosas', 'Tulipanes', 'Lirios', 'Peonías', 'Mixtos', 'Girasoles']],
  ['Plantas', ['Orquídeas', 'Suculentas', 'Interior', 'Bonsái']],
  ['Condolencias', ['Coronas', 'Arreglos fúnebres']],
  ['Regalos', ['Cajas de flores', 'Cestas', 'Chocolates y flores']],
  ['Bodas', ['Ramos de novia', 'Centros de mesa']],
  ['Temporada', ['Primavera', 'Verano', 'Otoño', 'Invierno']],
];

const FLOWERS: Array<[string, string, string]> = [
  ['rose', 'Rosa', 'Rose'],
  ['tulip', 'Tulipán', 'Tulip'],
  ['lily', 'Lirio', 'Lily'],
  ['peony', 'Peonía', 'Peony'],
  ['orchid', 'Orquídea', 'Orchid'],
  ['sunflower', 'Girasol', 'Sunflower'],
  ['carnation', 'Clavel', 'Carnation'],
  ['gerbera', 'Gerbera', 'Gerbera'],
  ['hydrangea', 'Hortensia', 'Hydrangea'],
  ['daisy', 'Margarita', 'Daisy'],
  ['freesia', 'Fresia', 'Freesia'],
  ['ranunculus', 'Ranúnculo', 'Ranunculus'],
  ['lavender', 'Lavanda', 'Lavender'],
  ['alstroemeria', 'Astromelia', 'Alstroemeria'],
];
const COLOURS: Array<[string, string]> = [
  ['red', 'rojas'],
  ['pink', 'rosadas'],
  ['white', 'blancas'],
  ['yellow', 'amarillas'],
  ['orange', 'naranjas'],
  ['purple', 'moradas'],
  ['cream', 'crema'],
  ['blue', 'azules'],
  ['peach', 'melocotón'],
  ['burgundy', 'burdeos'],
];
const FORMS = ['Ramo', 'Bouquet', 'Caja', 'Cesta', 'Jarrón', 'Arreglo', 'Corona', 'Centro'];
const SIZES: Array<[string, number]> = [
  ['Petite', 0.6],
  ['Clásico', 1],
  ['Grande', 1.6],
  ['Deluxe', 2.4],
];
const PHRASES = [
  'hand-tied with seasonal greenery',
  'atado a mano con verdes de temporada',
  'delivered fresh from our workshop',
  'entregado fresco desde nuestro taller',
  'perfect for a birthday or a thank you',
  'ideal para cumpleaños y aniversarios',
  'long-lasting blooms with care card',
  'flores duraderas con tarjeta de cuidados',
  'in a recycled kraft wrap',
  'en papel kraft reciclado',
];
const TAGS = ['bestseller', 'nuevo', 'eco', 'premium', 'oferta', 'local', 'fragrant', 'perfumado', 'pet-safe', 'same-day', 'mismo-día', 'vegan'];
const OCCASIONS = Object.values(Occasion);

export interface BenchProduct extends NewProduct {
  /** Index into the generated category list. */
  categoryIndex: number;
}

export interface BenchCategory {
  name: string;
  parentIndex: number | null;
}

/** Parents first, then their children. */
export function benchCategories(): BenchCategory[] {
  const categories: BenchCategory[] = [];
  for (const [parent, children] of CATEGORY_TREE) {
    const parentIndex = categories.length;
    categories.push({ name: parent, parentIndex: null });
    for (const child of children) categories.push({ name: child, parentIndex });
  }
  return categories;
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)];
const some = <T>(random: () => number, list: readonly T[], count: number): T[] => [...new Set(Array.from({ length: count }, () => pick(random, list)))];

/** Products `from` (inclusive) to `to` (exclusive) of the generated catalog. */
export function benchProducts(from: number, to: number, categoryCount: number): BenchProduct[] {
  const products: BenchProduct[] = [];
  for (let n = from; n < to; n += 1) {
    const random = seeded(n * 7919 + 17);
    const [flowerType, spanish, english] = pick(random, FLOWERS);
    const [colour, colourEs] = pick(random, COLOURS);
    const [size, factor] = pick(random, SIZES);
    const form = pick(random, FORMS);
    const second = random() < 0.35 ? pick(random, FLOWERS) : null;
    const name = `${form} ${size} de ${spanish}s ${colourEs}${second ? ` y ${second[1]}s` : ''} · ${english} ${n}`;
    const description = [
      `${form} of ${colour} ${english.toLowerCase()}s${second ? ` with ${second[2].toLowerCase()}s` : ''}`,
      pick(random, PHRASES),
      pick(random, PHRASES),
      `${spanish}s ${colourEs} ${pick(random, PHRASES)}`,
    ].join(', ');
    products.push({
      slug: `bench-${n}`,
      name,
      description,
      categoryId: null,
      categoryIndex: Math.floor(random() * categoryCount),
      occasions: some(random, OCCASIONS, 1 + Math.floor(random() * 3)),
      colours: second ? [colour, pick(random, COLOURS)[0]].filter((value, index, all) => all.indexOf(value) === index) : [colour],
      flowerTypes: second ? [...new Set([flowerType, second[0]])] : [flowerType],
      tags: some(random, TAGS, 1 + Math.floor(random() * 3)),
      priceMinor: Math.round((900 + random() * 7_000) * factor),
      currency: 'EUR',
      stock: random() < 0.15 ? 0 : Math.floor(random() * 40),
      images: [{ url: `https://images.flores-victoria.test/bench/${n}.jpg`, alt: name }],
    });
  }
  return products;
}
