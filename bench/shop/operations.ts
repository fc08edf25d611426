import { Kind, print, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import {
  AddCartLineDocument,
  BrowseProductsDocument,
  CategoryMenuDocument,
  CheckoutDocument,
  CreateCartDocument,
  MyOrdersDocument,
  OrderDocument,
  OrderUpdatesDocument,
  ProductPageDocument,
  RemoveCartLineDocument,
  UpdateCartLineDocument,
} from '../../client/generated/graphql';

/** An operation as the web and mobile apps send it: its name and its document with the fragments it spreads. */
export interface ShopOperation {
  name: string;
  text: string;
}

function operation(document: DocumentNode): ShopOperation {
  const definition = document.definitions.find((node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION);
  if (!definition?.name) throw new Error('a client operation without a name');
  return { name: definition.name.value, text: print(document) };
}

// The documents codegen made from client/operations/*.graphql, printed as Apollo Client prints them to send.
export const shopOperations = {
  browseProducts: operation(BrowseProductsDocument),
  categoryMenu: operation(CategoryMenuDocument),
  productPage: operation(ProductPageDocument),
  createCart: operation(CreateCartDocument),
  addCartLine: operation(AddCartLineDocument),
  updateCartLine: operation(UpdateCartLineDocument),
  removeCartLine: operation(RemoveCartLineDocument),
  checkout: operation(CheckoutDocument),
  myOrders: operation(MyOrdersDocument),
  order: operation(OrderDocument),
  orderUpdates: operation(OrderUpdatesDocument),
};

/** The body of a POST to /graphql, operationName set as the apps set it. */
export const operationBody = (operation: ShopOperation, variables: Record<string, unknown>) =>
  JSON.stringify({ operationName: operation.name, query: operation.text, variables });
