import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import { CACHE_TAGS_EXTENSION, type CacheTags } from '../graphql/cache-tags';

/**
 * Puts the request's cache tags into the response's extensions for the router. A mutation that did not say
 * what it changed is reported as changing everything of this subgraph, so the router never keeps an answer
 * it may have made stale.
 */
export function cacheTagsPlugin<TContext extends { cacheTags: CacheTags }>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, response }) {
          const tags = contextValue.cacheTags;
          if (operation?.operation === OperationTypeNode.MUTATION && !tags.declaredOwnChanges) tags.changedEverything();
          const reported = tags.report();
          if (!reported || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, [CACHE_TAGS_EXTENSION]: reported };
        },
      };
    },
  };
}
