import { FieldResolver, Resolver, Root } from 'type-graphql';
import { ProductRef } from '../../../runtime/graphql/entity-refs';
import { OrderLine } from '../entities/order';

@Resolver(() => OrderLine)
export class OrderLineResolver {
  // Nullable on purpose: the product's fields are the catalog's, and while it cannot answer the line (its name and
  // price when ordered) still stands, with null here and an error naming the catalog.
  @FieldResolver(() => ProductRef, {
    nullable: true,
    description: 'The product as the catalog has it now; null while the catalog cannot answer (the line keeps what was ordered)',
  })
  currentProduct(@Root() line: OrderLine): ProductRef {
    return line.product;
  }
}
