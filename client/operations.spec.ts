import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { buildSchema, concatAST, Kind, parse, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../scripts/supergraph/compose';
import { allSubgraphs } from '../subgraphs';
import {
  BrowseProductsDocument,
  type BrowseProductsQuery,
  type BrowseProductsQueryVariables,
  CheckoutDocument,
  OrderChangesDocument,
  OrderStatusChangedDocument,
  OrderStatusChangesDocument,
} from './generated/graphql';

const root = join(__dirname, '..');
const operationsDir = join(__dirname, 'operations');
const generatedFile = join(__dirname, 'generated', 'graphql.ts');

/** All example operations as one document: fragments live in one file and are spread in others. */
function loadOperations(): DocumentNode {
  const files = readdirSync(operationsDir).filter((file) => file.endsWith('.graphql'));
  return concatAST(files.map((file) => parse(readFileSync(join(operationsDir, file), 'utf8'))));
}

function operationNames(document: DocumentNode): string[] {
  return document.definitions.flatMap((definition) => (definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [definition.name.value] : []));
}

describe('the example client operations', () => {
  // Composed now rather than read from schema/api.graphql, so they are checked against the subgraphs as
  // they are even before `npm run compose` (scripts/supergraph/compose.spec.ts keeps the file in step).
  const apiSchema = buildSchema(composeSupergraph(allSubgraphs).apiSdl);

  it('validate against the composed API schema', () => {
    const errors = validate(apiSchema, loadOperations()).map((error) => error.message);
    expect(errors).toEqual([]);
  });

  it('cover what the web and mobile apps do', () => {
    expect(operationNames(loadOperations())).toEqual(
      expect.arrayContaining([
        'BrowseProducts',
        'ProductPage',
        'ProductById',
        'MyCart',
        'AddCartLine',
        'UpdateCartLine',
        'RemoveCartLine',
        'Checkout',
        'MyOrders',
        'Order',
        'CancelOrder',
        'OrderStatusChanges',
        'OrderChanges',
        'OrderStatusChanged',
        'OrderUpdates',
        // The shop as its customers and staff need it (issue #15).
        'DeliverySlots',
        'ModerationQueue',
        'ApproveReview',
        'RejectReview',
        'MyReviews',
        'MyTickets',
        'StaffTickets',
        'SendContactMessage',
        'MyWishlist',
        'GuestWishlist',
        'CreateGuestWishlist',
        'AddToGuestWishlist',
        'RemoveFromGuestWishlist',
        'MergeGuestWishlist',
      ]),
    );
  });

  it('have generated documents that are valid too', () => {
    for (const document of [BrowseProductsDocument, CheckoutDocument, OrderStatusChangesDocument, OrderChangesDocument, OrderStatusChangedDocument]) {
      expect(validate(apiSchema, document)).toEqual([]);
    }
  });
});

describe('client/generated/graphql.ts', () => {
  it('is what `npm run codegen` produces from the operations and schema (run it when this fails)', async () => {
    const { config } = await loadCodegenConfig({ configFilePath: root });
    // saveToFile false: the output stays in memory and the committed file is only read.
    const outputs = await generate({ ...config, cwd: root, silent: true }, false);
    expect(outputs.map((output: { filename: string }) => join(root, output.filename))).toEqual([generatedFile]);
    expect(readFileSync(generatedFile, 'utf8')).toBe(outputs[0].content);
  });

  it('types a document with its result and variables', () => {
    // A compile-time check as much as a run-time one: tsc fails here if the generated types drift.
    const document: TypedDocumentNode<BrowseProductsQuery, BrowseProductsQueryVariables> = BrowseProductsDocument;
    const variables: BrowseProductsQueryVariables = { search: 'roses', filter: { occasions: ['BIRTHDAY'] } };
    expect(document.kind).toBe(Kind.DOCUMENT);
    expect(variables.filter?.occasions).toEqual(['BIRTHDAY']);
  });
});
