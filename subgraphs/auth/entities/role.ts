import { registerEnumType } from 'type-graphql';
import { Role } from '../../../prisma/auth/client/enums';

export { Role };

registerEnumType(Role, { name: 'Role', description: 'What an account may do in the shop' });
