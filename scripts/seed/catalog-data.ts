import { Locale } from '../../subgraphs/catalog/entities/locale';
import { Occasion } from '../../subgraphs/catalog/entities/occasion';
import type { CreateProductInput } from '../../subgraphs/catalog/inputs/create-product.input';
import { slugify } from '../../subgraphs/catalog/store/slugify';
import { categoryNamesEs, colourEs, flowerNamesEs, listEs, namedProductsEs, sizeNamesEs, tagsEs } from './catalog-spanish';

// The demo catalog, generated from word lists so every run produces exactly the same products (no
// randomness, no clock): a flower shop's shelves, product lines, colours and sizes, prices in EUR cents. Every
// name, description and tag is in English (the base text) and Spanish (catalog-spanish.ts).

export interface SeedCategory {
  slug: string;
  name: string;
  nameEs: string;
  parentSlug: string | null;
}

const tree: Array<[string, string[]]> = [
  ['Bouquets', ['Rose Bouquets', 'Tulip Bouquets', 'Lily Bouquets', 'Mixed Bouquets']],
  ['Plants', ['Orchids', 'Indoor Plants', 'Succulents']],
  ['Sympathy', ['Wreaths', 'Funeral Arrangements']],
  ['Gifts', ['Gift Boxes']],
  ['Weddings', ['Bridal Bouquets']],
];

/** Parents before children, so each parent exists when its children are added. */
export const seedCategories: SeedCategory[] = tree.flatMap(([parent, children]) => [
  { slug: slugify(parent), name: parent, nameEs: categoryNamesEs[parent], parentSlug: null },
  ...children.map((child) => ({ slug: slugify(child), name: child, nameEs: categoryNamesEs[child], parentSlug: slugify(parent) })),
]);

export type SeedProduct = Omit<CreateProductInput, 'categoryId'> & { slug: string; categorySlug: string };

const O = Occasion;
const COLOUR_OCCASIONS: Record<string, Occasion[]> = {
  red: [O.ROMANCE, O.ANNIVERSARY, O.VALENTINES_DAY],
  pink: [O.BIRTHDAY, O.MOTHERS_DAY, O.THANK_YOU],
  white: [O.WEDDING, O.SYMPATHY, O.NEW_BABY],
  yellow: [O.CONGRATULATIONS, O.GET_WELL, O.JUST_BECAUSE],
  orange: [O.BIRTHDAY, O.CONGRATULATIONS],
  purple: [O.THANK_YOU, O.JUST_BECAUSE],
  cream: [O.WEDDING, O.ANNIVERSARY],
};

interface Line {
  category: string;
  flower: string;
  /** "{size} {colour} {noun}" names, e.g. "Classic Red Rose Bouquet". */
  noun: string;
  colours: string[];
  sizes: Array<[string, number]>;
  description: (colour: string, size: string) => string;
  /** The Spanish name and description, from the colour and size in English. */
  es: { name: (colour: string, size: string) => string; description: (colour: string, size: string) => string };
  tags: string[];
  occasions?: Occasion[];
}

const lower = (text: string) => text.toLowerCase();

const lines: Line[] = [
  {
    category: 'rose-bouquets',
    flower: 'rose',
    noun: 'Rose Bouquet',
    colours: ['red', 'pink', 'white', 'yellow', 'orange'],
    sizes: [
      ['Petite', 2900],
      ['Classic', 4500],
      ['Grand', 7900],
    ],
    tags: ['roses', 'bestseller'],
    description: (colour, size) => `A ${size.toLowerCase()} bouquet of long-stemmed ${colour} roses, hand-tied with seasonal greenery.`,
    es: {
      name: (colour, size) => `Ramo ${sizeNamesEs[size]} de Rosas ${title(colourEs(colour, 'f', true))}`,
      description: (colour, size) =>
        `Un ramo ${lower(sizeNamesEs[size])} de rosas ${colourEs(colour, 'f', true)} de tallo largo, atado a mano con follaje de temporada.`,
    },
  },
  {
    category: 'tulip-bouquets',
    flower: 'tulip',
    noun: 'Tulip Bunch',
    colours: ['red', 'pink', 'white', 'yellow', 'purple', 'orange'],
    sizes: [
      ['Ten', 2400],
      ['Twenty', 3900],
    ],
    tags: ['tulips', 'spring'],
    description: (colour, size) => `${size} fresh ${colour} tulips from Dutch growers, wrapped in kraft paper.`,
    es: {
      name: (colour, size) => `${sizeNamesEs[size]} Tulipanes ${title(colourEs(colour, 'm', true))}`,
      description: (colour, size) =>
        `${sizeNamesEs[size]} tulipanes ${colourEs(colour, 'm', true)} frescos de productores holandeses, envueltos en papel kraft.`,
    },
  },
  {
    category: 'lily-bouquets',
    flower: 'lily',
    noun: 'Lily Bouquet',
    colours: ['white', 'pink', 'orange'],
    sizes: [
      ['Elegant', 3900],
      ['Grand', 5900],
    ],
    tags: ['lilies', 'fragrant'],
    description: (colour, size) => `An ${size === 'Elegant' ? 'elegant' : 'abundant'} arrangement of ${colour} oriental lilies with eucalyptus.`,
    es: {
      name: (colour, size) => `Ramo ${sizeNamesEs[size]} de Lirios ${title(colourEs(colour, 'm', true))}`,
      description: (colour, size) =>
        `Un arreglo ${size === 'Elegant' ? 'elegante' : 'abundante'} de lirios orientales ${colourEs(colour, 'm', true)} con eucalipto.`,
    },
  },
  {
    category: 'orchids',
    flower: 'orchid',
    noun: 'Phalaenopsis Orchid',
    colours: ['white', 'purple', 'pink', 'yellow'],
    sizes: [
      ['Single-Stem', 3500],
      ['Double-Stem', 5500],
      ['Cascade', 8900],
    ],
    tags: ['orchids', 'long-lasting', 'plant'],
    occasions: [O.THANK_YOU, O.CONGRATULATIONS, O.GET_WELL],
    description: (colour, size) => `A ${size.toLowerCase()} ${colour} moth orchid in a ceramic pot; blooms for weeks.`,
    es: {
      name: (colour, size) => `Orquídea Phalaenopsis ${title(colourEs(colour, 'f', false))} ${sizeNamesEs[size]}`,
      description: (colour, size) =>
        `Una orquídea mariposa ${colourEs(colour, 'f', false)} ${lower(sizeNamesEs[size])} en maceta de cerámica; florece durante semanas.`,
    },
  },
  {
    category: 'wreaths',
    flower: 'chrysanthemum',
    noun: 'Sympathy Wreath',
    colours: ['white', 'cream', 'pink', 'purple'],
    sizes: [
      ['Round', 8500],
      ['Heart', 11000],
      ['Standing', 12000],
    ],
    tags: ['wreath', 'funeral', 'condolences'],
    occasions: [O.SYMPATHY],
    description: (colour, size) => `A ${size.toLowerCase()} wreath of ${colour} chrysanthemums, lilies and roses, to honour and remember.`,
    es: {
      name: (colour, size) => `Corona ${sizeNamesEs[size]} de Condolencias ${title(colourEs(colour, 'f', false))}`,
      description: (colour, size) =>
        `Una corona ${lower(sizeNamesEs[size])} de crisantemos ${colourEs(colour, 'm', true)}, lirios y rosas, para honrar y recordar.`,
    },
  },
  {
    category: 'bridal-bouquets',
    flower: 'peony',
    noun: 'Bridal Bouquet',
    colours: ['white', 'pink', 'cream'],
    sizes: [
      ['Posy', 9500],
      ['Round', 12500],
      ['Cascade', 18500],
    ],
    tags: ['wedding', 'bride', 'peonies'],
    occasions: [O.WEDDING],
    description: (colour, size) => `A ${size.toLowerCase()} bridal bouquet of ${colour} peonies and garden roses, made to order.`,
    es: {
      name: (colour, size) => `Ramo de Novia ${sizeNamesEs[size]} ${title(colourEs(colour, 'm', false))}`,
      description: (colour, size) =>
        `Un ramo de novia ${lower(sizeNamesEs[size])} de peonías ${colourEs(colour, 'f', true)} y rosas de jardín, hecho a pedido.`,
    },
  },
];

/** Named products in two sizes: mixed bouquets, plants, succulents, funeral pieces, gift boxes. */
const named: Array<{ category: string; names: Array<[string, string[], string[], Occasion[]]>; sizes: Array<[string, number]>; tags: string[] }> = [
  {
    category: 'mixed-bouquets',
    sizes: [
      ['Standard', 3500],
      ['Deluxe', 5500],
    ],
    tags: ['mixed', 'seasonal'],
    names: [
      ['Spring Meadow', ['yellow', 'white'], ['tulip', 'daffodil'], [O.JUST_BECAUSE, O.BIRTHDAY]],
      ['Summer Garden', ['pink', 'purple'], ['rose', 'lavender'], [O.BIRTHDAY, O.THANK_YOU]],
      ['Autumn Glow', ['orange', 'red'], ['sunflower', 'rose'], [O.THANK_YOU, O.JUST_BECAUSE]],
      ['Winter White', ['white'], ['rose', 'lily'], [O.WEDDING, O.SYMPATHY]],
      ['Sunrise', ['yellow', 'orange'], ['sunflower', 'gerbera'], [O.GET_WELL, O.CONGRATULATIONS]],
      ['Pastel Dream', ['pink', 'white'], ['peony', 'rose'], [O.NEW_BABY, O.MOTHERS_DAY]],
      ['Wildflower', ['purple', 'yellow'], ['lavender', 'daisy'], [O.JUST_BECAUSE]],
      ['Provence', ['purple'], ['lavender', 'rose'], [O.ANNIVERSARY, O.ROMANCE]],
      ['Andes Sunset', ['orange', 'pink'], ['alstroemeria', 'rose'], [O.BIRTHDAY, O.CONGRATULATIONS]],
      ['Garden Party', ['pink', 'yellow'], ['gerbera', 'carnation'], [O.GRADUATION, O.CONGRATULATIONS]],
    ],
  },
  {
    category: 'indoor-plants',
    sizes: [
      ['Small', 2500],
      ['Large', 4900],
    ],
    tags: ['plant', 'green', 'easy care'],
    names: [
      ['Monstera', ['green'], ['monstera'], [O.JUST_BECAUSE, O.CONGRATULATIONS]],
      ['Peace Lily', ['white', 'green'], ['peace lily'], [O.SYMPATHY, O.GET_WELL]],
      ['Snake Plant', ['green'], ['snake plant'], [O.CONGRATULATIONS]],
      ['Fiddle Leaf Fig', ['green'], ['ficus'], [O.CONGRATULATIONS, O.THANK_YOU]],
      ['Golden Pothos', ['green', 'yellow'], ['pothos'], [O.JUST_BECAUSE]],
      ['Calathea', ['green', 'purple'], ['calathea'], [O.THANK_YOU]],
      ['Rubber Plant', ['green'], ['ficus'], [O.CONGRATULATIONS]],
      ['ZZ Plant', ['green'], ['zamioculcas'], [O.GET_WELL]],
    ],
  },
  {
    category: 'succulents',
    sizes: [
      ['Mini', 1500],
      ['Gift Bowl', 3200],
    ],
    tags: ['succulent', 'plant', 'easy care'],
    names: [
      ['Echeveria Trio', ['green', 'pink'], ['echeveria'], [O.THANK_YOU, O.JUST_BECAUSE]],
      ['Cactus Garden', ['green'], ['cactus'], [O.GRADUATION, O.JUST_BECAUSE]],
      ['Aloe Vera', ['green'], ['aloe'], [O.GET_WELL]],
      ['Jade Plant', ['green'], ['jade plant'], [O.CONGRATULATIONS]],
      ['Haworthia', ['green', 'white'], ['haworthia'], [O.THANK_YOU]],
    ],
  },
  {
    category: 'funeral-arrangements',
    sizes: [
      ['Standard', 9000],
      ['Premium', 14000],
    ],
    tags: ['funeral', 'condolences'],
    names: [
      ['Casket Spray', ['white'], ['rose', 'lily'], [O.SYMPATHY]],
      ['Sympathy Basket', ['white', 'purple'], ['lily', 'chrysanthemum'], [O.SYMPATHY]],
      ['Serenity Arrangement', ['white', 'cream'], ['orchid', 'rose'], [O.SYMPATHY]],
      ['Tribute Cross', ['white', 'red'], ['carnation', 'rose'], [O.SYMPATHY]],
    ],
  },
  {
    category: 'gift-boxes',
    sizes: [
      ['Standard', 5900],
      ['Luxury', 8900],
    ],
    tags: ['gift', 'hamper'],
    names: [
      ['Roses and Chocolates', ['red'], ['rose'], [O.VALENTINES_DAY, O.ROMANCE, O.ANNIVERSARY]],
      ['Tulips and Wine', ['pink'], ['tulip'], [O.BIRTHDAY, O.CONGRATULATIONS]],
      ['Orchid and Candle', ['white'], ['orchid'], [O.THANK_YOU, O.MOTHERS_DAY]],
      ['Peonies and Macarons', ['pink'], ['peony'], [O.BIRTHDAY, O.MOTHERS_DAY]],
      ['Sunflowers and Honey', ['yellow'], ['sunflower'], [O.GET_WELL, O.THANK_YOU]],
      ['Baby Welcome Box', ['white', 'yellow'], ['carnation'], [O.NEW_BABY]],
      ['Get Well Soon Box', ['yellow', 'orange'], ['gerbera'], [O.GET_WELL]],
      ['Birthday Surprise Box', ['pink', 'purple'], ['rose', 'gerbera'], [O.BIRTHDAY]],
    ],
  },
];

const title = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Stock from the product's position: varied, sometimes sold out, the same every run. */
const stockAt = (index: number) => (index % 11 === 5 ? 0 : 3 + ((index * 7) % 40));

function product(index: number, fields: Omit<SeedProduct, 'slug' | 'stock' | 'currency' | 'images'>): SeedProduct {
  const slug = slugify(fields.name);
  return {
    ...fields,
    slug,
    currency: 'EUR',
    stock: stockAt(index),
    images: [{ url: `https://images.flores-victoria.example/products/${slug}.jpg`, alt: fields.name }],
  };
}

const spanish = (name: string, description: string, tags: string[]) => [{ locale: Locale.ES, name, description, tags: tags.map((tag) => tagsEs[tag] ?? tag) }];

/** The demo products (136), in a fixed order. */
export function seedProducts(): SeedProduct[] {
  const products: Array<Omit<SeedProduct, 'slug' | 'stock' | 'currency' | 'images'>> = [];
  for (const line of lines) {
    line.colours.forEach((colour, colourIndex) => {
      for (const [size, price] of line.sizes) {
        products.push({
          name: `${size} ${title(colour)} ${line.noun}`,
          description: line.description(colour, size),
          categorySlug: line.category,
          occasions: line.occasions ?? COLOUR_OCCASIONS[colour],
          colours: [colour],
          flowerTypes: [line.flower],
          tags: line.tags,
          translations: spanish(line.es.name(colour, size), line.es.description(colour, size), line.tags),
          priceMinor: price + colourIndex * 100,
        });
      }
    });
  }
  for (const group of named) {
    for (const [name, colours, flowers, occasions] of group.names) {
      for (const [size, price] of group.sizes) {
        products.push({
          name: `${name} ${size}`,
          description: `${name}: ${flowers.join(' and ')} in ${colours.join(' and ')}, ${size.toLowerCase()} size, prepared by our florists on the day of delivery.`,
          categorySlug: group.category,
          occasions,
          colours,
          flowerTypes: flowers,
          tags: group.tags,
          translations: spanish(
            `${namedProductsEs[name]} ${sizeNamesEs[size]}`,
            `${namedProductsEs[name]}: ${listEs(flowers.map((flower) => flowerNamesEs[flower]))} en ${listEs(colours.map((colour) => colourEs(colour, 'm', false)))}, tamaño ${lower(sizeNamesEs[size])}, preparado por nuestros floristas el día de la entrega.`,
            group.tags,
          ),
          priceMinor: price + (name.length % 5) * 100,
        });
      }
    }
  }
  return products.map((fields, index) => product(index, fields));
}
