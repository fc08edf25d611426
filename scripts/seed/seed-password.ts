import { checkPasswordPolicy } from '../../subgraphs/auth/security/password-policy';
import { seedAccounts } from './people-data';

/**
 * The password of every seeded account when SEED_PASSWORD is not set. Development only: it is printed by
 * `npm run seed`, written in the README, and the seed refuses to run with NODE_ENV=production.
 */
export const DEV_SEED_PASSWORD = 'flores-dev-seed-1';

export interface SeedPassword {
  password: string;
  /** True when it is DEV_SEED_PASSWORD (then the script prints it). */
  isDefault: boolean;
}

/** Demo accounts with a known password must never reach a production database. */
export function refuseProduction(nodeEnv: string): void {
  if (nodeEnv === 'production') {
    throw new Error('npm run seed loads demo accounts with a known password: it refuses to run with NODE_ENV=production');
  }
}

/** SEED_PASSWORD, else the development default; it must pass the sign-up password policy for every seeded email. */
export function seedPassword(fromEnv: string | undefined): SeedPassword {
  const password = fromEnv === undefined || fromEnv === '' ? DEV_SEED_PASSWORD : fromEnv;
  for (const account of seedAccounts) checkPasswordPolicy(password, account.email, 'SEED_PASSWORD');
  return { password, isDefault: password === DEV_SEED_PASSWORD };
}
