// The demo catalog's Spanish texts (the shop sells in Chile): category names, and what a product's Spanish name and
// description are made of. Colours agree with the noun they describe, so each has its four forms.

type Gender = 'f' | 'm';

const colourForms: Record<string, [f: string, m: string, fPlural: string, mPlural: string]> = {
  red: ['roja', 'rojo', 'rojas', 'rojos'],
  pink: ['rosada', 'rosado', 'rosadas', 'rosados'],
  white: ['blanca', 'blanco', 'blancas', 'blancos'],
  yellow: ['amarilla', 'amarillo', 'amarillas', 'amarillos'],
  orange: ['naranja', 'naranja', 'naranjas', 'naranjas'],
  purple: ['morada', 'morado', 'moradas', 'morados'],
  cream: ['crema', 'crema', 'crema', 'crema'],
  green: ['verde', 'verde', 'verdes', 'verdes'],
};

/** "red" for roses (feminine, plural) -> "rojas". */
export function colourEs(colour: string, gender: Gender, plural: boolean): string {
  const forms = colourForms[colour];
  if (!forms) return colour;
  return forms[(plural ? 2 : 0) + (gender === 'f' ? 0 : 1)];
}

export const categoryNamesEs: Record<string, string> = {
  Bouquets: 'Ramos',
  'Rose Bouquets': 'Ramos de Rosas',
  'Tulip Bouquets': 'Ramos de Tulipanes',
  'Lily Bouquets': 'Ramos de Lirios',
  'Mixed Bouquets': 'Ramos Mixtos',
  Plants: 'Plantas',
  Orchids: 'Orquídeas',
  'Indoor Plants': 'Plantas de Interior',
  Succulents: 'Suculentas',
  Sympathy: 'Condolencias',
  Wreaths: 'Coronas',
  'Funeral Arrangements': 'Arreglos Fúnebres',
  Gifts: 'Regalos',
  'Gift Boxes': 'Cajas de Regalo',
  Weddings: 'Bodas',
  'Bridal Bouquets': 'Ramos de Novia',
};

/** Flowers and plants as a description names them. */
export const flowerNamesEs: Record<string, string> = {
  rose: 'rosas',
  tulip: 'tulipanes',
  lily: 'lirios',
  orchid: 'orquídeas',
  chrysanthemum: 'crisantemos',
  peony: 'peonías',
  daffodil: 'narcisos',
  lavender: 'lavanda',
  sunflower: 'girasoles',
  gerbera: 'gerberas',
  daisy: 'margaritas',
  alstroemeria: 'alstroemerias',
  carnation: 'claveles',
  monstera: 'monstera',
  'peace lily': 'espatifilo',
  'snake plant': 'sansevieria',
  ficus: 'ficus',
  pothos: 'potus',
  calathea: 'calathea',
  zamioculcas: 'zamioculca',
  echeveria: 'echeverias',
  cactus: 'cactus',
  aloe: 'aloe',
  'jade plant': 'árbol de jade',
  haworthia: 'haworthia',
};

/** The sizes of every product line and named product. */
export const sizeNamesEs: Record<string, string> = {
  Petite: 'Pequeño',
  Classic: 'Clásico',
  Grand: 'Grande',
  Ten: 'Diez',
  Twenty: 'Veinte',
  Elegant: 'Elegante',
  'Single-Stem': 'de una Vara',
  'Double-Stem': 'de dos Varas',
  Cascade: 'en Cascada',
  Round: 'Redonda',
  Heart: 'Corazón',
  Standing: 'de Pie',
  Posy: 'Ramillete',
  Standard: 'Estándar',
  Deluxe: 'de Lujo',
  Small: 'Pequeña',
  Large: 'Grande',
  Mini: 'Mini',
  'Gift Bowl': 'en Bowl de Regalo',
  Premium: 'Premium',
  Luxury: 'de Lujo',
};

export const namedProductsEs: Record<string, string> = {
  'Spring Meadow': 'Pradera de Primavera',
  'Summer Garden': 'Jardín de Verano',
  'Autumn Glow': 'Brillo de Otoño',
  'Winter White': 'Blanco de Invierno',
  Sunrise: 'Amanecer',
  'Pastel Dream': 'Sueño Pastel',
  Wildflower: 'Flores Silvestres',
  Provence: 'Provenza',
  'Andes Sunset': 'Atardecer Andino',
  'Garden Party': 'Fiesta en el Jardín',
  Monstera: 'Monstera',
  'Peace Lily': 'Espatifilo',
  'Snake Plant': 'Sansevieria',
  'Fiddle Leaf Fig': 'Ficus Lira',
  'Golden Pothos': 'Potus Dorado',
  Calathea: 'Calathea',
  'Rubber Plant': 'Gomero',
  'ZZ Plant': 'Zamioculca',
  'Echeveria Trio': 'Trío de Echeverias',
  'Cactus Garden': 'Jardín de Cactus',
  'Aloe Vera': 'Aloe Vera',
  'Jade Plant': 'Árbol de Jade',
  Haworthia: 'Haworthia',
  'Casket Spray': 'Cubre Urna',
  'Sympathy Basket': 'Canasta de Condolencias',
  'Serenity Arrangement': 'Arreglo Serenidad',
  'Tribute Cross': 'Cruz de Homenaje',
  'Roses and Chocolates': 'Rosas y Chocolates',
  'Tulips and Wine': 'Tulipanes y Vino',
  'Orchid and Candle': 'Orquídea y Vela',
  'Peonies and Macarons': 'Peonías y Macarons',
  'Sunflowers and Honey': 'Girasoles y Miel',
  'Baby Welcome Box': 'Caja de Bienvenida al Bebé',
  'Get Well Soon Box': 'Caja Mejórate Pronto',
  'Birthday Surprise Box': 'Caja Sorpresa de Cumpleaños',
};

/** The Spanish tags of each English tag list of the seed. */
export const tagsEs: Record<string, string> = {
  roses: 'rosas',
  bestseller: 'más vendido',
  tulips: 'tulipanes',
  spring: 'primavera',
  lilies: 'lirios',
  fragrant: 'fragante',
  orchids: 'orquídeas',
  'long-lasting': 'duradera',
  plant: 'planta',
  wreath: 'corona',
  funeral: 'funeral',
  condolences: 'condolencias',
  wedding: 'boda',
  bride: 'novia',
  peonies: 'peonías',
  mixed: 'mixto',
  seasonal: 'temporada',
  green: 'verde',
  'easy care': 'fácil cuidado',
  succulent: 'suculenta',
  gift: 'regalo',
  hamper: 'canasta',
};

/** "rose and lavender" in Spanish: the flowers joined by "y". */
export const listEs = (values: string[]) => values.join(' y ');
