import type { SubgraphContext } from './context';

/** What a request's context holds from the start; the rest is made on first use (MadeOnFirstUse). */
export type ContextMadeAtOnce<TProviders, TLoaders> = Omit<SubgraphContext<TProviders, TLoaders>, 'loaders' | 'clientAddress'>;

/** What a request has made on first use so far: shared by its context and Apollo's copy of it. */
interface Made<TLoaders> {
  loaders?: TLoaders;
  clientAddress?: string;
}

/**
 * The parts of a request's context made only when a resolver first reads them: its DataLoaders (a page answered
 * from memory needs none) and the client address the router vouched for (an HMAC to check; sign-in and messages
 * read it). They are getters of this prototype, not of the context itself, because Apollo Server copies a
 * context's own properties into a new object for every operation, and copying an own getter calls it.
 */
class MadeOnFirstUse<TLoaders> {
  constructor(
    private readonly made: Made<TLoaders>,
    private readonly makeLoaders: () => TLoaders,
    private readonly checkClientAddress: () => string,
  ) {}

  get loaders(): TLoaders {
    return (this.made.loaders ??= this.makeLoaders());
  }

  get clientAddress(): string {
    return (this.made.clientAddress ??= this.checkClientAddress());
  }
}

/** A subgraph request's context: `atOnce` as given, its loaders and client address made when first read. */
export function requestContext<TProviders, TLoaders>(
  atOnce: ContextMadeAtOnce<TProviders, TLoaders>,
  makeLoaders: () => TLoaders,
  checkClientAddress: () => string,
): SubgraphContext<TProviders, TLoaders> {
  return Object.assign(new MadeOnFirstUse({}, makeLoaders, checkClientAddress), atOnce);
}
