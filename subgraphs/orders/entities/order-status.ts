import { registerEnumType } from 'type-graphql';
import { DeliveryWindow, OrderStatus } from '../../../prisma/orders/client/enums';

export { DeliveryWindow, OrderStatus };

registerEnumType(OrderStatus, { name: 'OrderStatus', description: 'Where an order is in its lifecycle' });
registerEnumType(DeliveryWindow, {
  name: 'DeliveryWindow',
  description: 'When on the delivery date the flowers arrive',
  valuesConfig: {
    MORNING: { description: '09:00–12:00' },
    AFTERNOON: { description: '12:00–17:00' },
    EVENING: { description: '17:00–21:00' },
  },
});
