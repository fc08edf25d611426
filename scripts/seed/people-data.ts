import type { Role } from '../../subgraphs/auth/entities/role';
import type { OrderStatus } from '../../subgraphs/orders/entities/order-status';
import { seedProducts, type SeedProduct } from './catalog-data';

// The demo people of the shop and what they did: accounts, reviews and orders, all derived from fixed lists
// and index arithmetic (no randomness, no clock), so every run describes exactly the same data.

/** The domain of every seeded email: `.test` is reserved (RFC 2606), so no mail can ever reach anyone. */
export const SEED_EMAIL_DOMAIN = 'flores-victoria.test';

export interface SeedAccount {
  email: string;
  displayName: string;
  /** Besides CUSTOMER, which every account gets at registration. */
  extraRole: Role | null;
}

const email = (localPart: string) => `${localPart}@${SEED_EMAIL_DOMAIN}`;

export const seedAccounts: SeedAccount[] = [
  { email: email('admin'), displayName: 'Valentina Rojas', extraRole: 'ADMIN' },
  { email: email('staff'), displayName: 'Tomás Muñoz', extraRole: 'STAFF' },
  { email: email('camila'), displayName: 'Camila Soto', extraRole: null },
  { email: email('diego'), displayName: 'Diego Fuentes', extraRole: null },
  { email: email('isidora'), displayName: 'Isidora Vargas', extraRole: null },
  { email: email('matias'), displayName: 'Matías Contreras', extraRole: null },
  { email: email('sofia'), displayName: 'Sofía Araya', extraRole: null },
  { email: email('benjamin'), displayName: 'Benjamín Reyes', extraRole: null },
];

export const seedCustomers = seedAccounts.filter((account) => account.extraRole === null);

export interface SeedReview {
  authorEmail: string;
  productSlug: string;
  rating: number;
  title: string;
  body: string;
}

const REVIEWS_PER_CUSTOMER = 7;
export const SEED_REVIEW_COUNT = 40;
const RATINGS = [5, 4, 5, 3, 5, 4, 2, 5, 4, 5, 1, 4];
const TITLES: Record<number, string[]> = {
  5: ['Absolutely beautiful', 'Better than the photos', 'Made her day'],
  4: ['Lovely flowers', 'Very nice, arrived on time'],
  3: ['Nice, but smaller than expected'],
  2: ['Some stems were tired'],
  1: ['Disappointing this time'],
};
const BODIES: Record<number, (product: string) => string> = {
  5: (product) => `The ${product} was fresh, generous and beautifully wrapped. It lasted well over a week.`,
  4: (product) => `A pretty ${product}; one or two flowers opened late, but it looked great on the table.`,
  3: (product) => `The ${product} was fine, though a little sparse for the price.`,
  2: (product) => `Part of the ${product} wilted within two days. The courier was friendly, at least.`,
  1: (product) => `The ${product} arrived late and with bruised petals. I hope it was just bad luck.`,
};

/**
 * Each customer reviews products spread over the whole catalog: customer c's k-th review is of product
 * (17c + 19k) mod n, distinct for one customer since 19k mod n differs for every k < n / gcd(19, n).
 */
export function seedReviews(products: SeedProduct[] = seedProducts()): SeedReview[] {
  const reviews: SeedReview[] = [];
  for (let k = 0; k < REVIEWS_PER_CUSTOMER; k += 1) {
    seedCustomers.forEach((customer, c) => {
      const product = products[(17 * c + 19 * k) % products.length];
      const rating = RATINGS[(7 * c + k) % RATINGS.length];
      const titles = TITLES[rating];
      reviews.push({
        authorEmail: customer.email,
        productSlug: product.slug,
        rating,
        title: titles[(c + k) % titles.length],
        body: BODIES[rating](product.name),
      });
    });
  }
  return reviews.slice(0, SEED_REVIEW_COUNT);
}

export interface SeedOrder {
  /** Names the order for its deterministic id: the marker that makes a second run add nothing. */
  key: string;
  customerEmail: string;
  status: OrderStatus;
  lines: Array<{ productSlug: string; productName: string; unitPriceMinor: number; quantity: number }>;
}

const ORDER_PLANS: Array<{ customer: number; status: OrderStatus; products: Array<[number, number]> }> = [
  {
    customer: 0,
    status: 'DELIVERED',
    products: [
      [0, 1],
      [1, 2],
    ],
  },
  { customer: 1, status: 'DELIVERED', products: [[0, 1]] },
  {
    customer: 2,
    status: 'OUT_FOR_DELIVERY',
    products: [
      [0, 1],
      [2, 1],
    ],
  },
  { customer: 3, status: 'CONFIRMED', products: [[1, 3]] },
  {
    customer: 4,
    status: 'PENDING',
    products: [
      [0, 1],
      [1, 1],
      [3, 1],
    ],
  },
  { customer: 0, status: 'CANCELLED', products: [[4, 1]] },
];

/** A few orders in different statuses, of products their customer also reviewed (delivered ones are verified purchases). */
export function seedOrders(products: SeedProduct[] = seedProducts()): SeedOrder[] {
  const bySlug = new Map(products.map((product) => [product.slug, product]));
  const reviews = seedReviews(products);
  return ORDER_PLANS.map((plan, index) => {
    const customer = seedCustomers[plan.customer];
    const reviewed = reviews.filter((review) => review.authorEmail === customer.email);
    return {
      key: `order-${index + 1}`,
      customerEmail: customer.email,
      status: plan.status,
      lines: plan.products.map(([reviewIndex, quantity]) => {
        const product = bySlug.get(reviewed[reviewIndex].productSlug)!;
        return { productSlug: product.slug, productName: product.name, unitPriceMinor: product.priceMinor, quantity };
      }),
    };
  });
}
