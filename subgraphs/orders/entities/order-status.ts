import { registerEnumType } from 'type-graphql';
import { OrderStatus } from '../../../prisma/orders/client/enums';

export { OrderStatus };

registerEnumType(OrderStatus, { name: 'OrderStatus', description: 'Where an order is in its lifecycle' });
