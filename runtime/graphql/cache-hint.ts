import { Directive } from 'type-graphql';

/**
 * A cache hint on a type or field (see runtime/subgraph/federated-schema.ts): how long a response with it may
 * be cached, and whether it is the same for everyone (PUBLIC) or per caller (PRIVATE). A root field whose
 * answer depends on who asks (`myReviews`) must say PRIVATE itself: a type's PUBLIC hint would otherwise let
 * the router share one caller's answer with others.
 */
export const CacheHint = (maxAge: number, scope: 'PUBLIC' | 'PRIVATE' = 'PUBLIC') => Directive(`@cacheControl(maxAge: ${maxAge}, scope: ${scope})`);

/** For value types (Money, PageInfo…): as cacheable as the field that holds them. */
export const InheritCacheHint = () => Directive('@cacheControl(inheritMaxAge: true)');

/** How long public shop-window data (products, categories, reviews) may be served from a cache; writes invalidate earlier. */
export const SHOP_WINDOW_MAX_AGE = 300;
