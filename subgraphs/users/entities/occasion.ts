import { registerEnumType } from 'type-graphql';
import { Occasion } from '../../../prisma/users/client/enums';

export { Occasion };

registerEnumType(Occasion, { name: 'Occasion', description: 'What flowers are sent for' });
