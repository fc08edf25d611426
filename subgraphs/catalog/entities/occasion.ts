import { registerEnumType } from 'type-graphql';

/**
 * What flowers are sent for. The same GraphQL enum as the users subgraph's favourite occasions (same name,
 * same values: federation requires an enum used for input and output to be identical in every subgraph),
 * so a shopper's favourites can be passed straight into a catalog filter.
 */
export enum Occasion {
  BIRTHDAY = 'BIRTHDAY',
  ANNIVERSARY = 'ANNIVERSARY',
  ROMANCE = 'ROMANCE',
  WEDDING = 'WEDDING',
  NEW_BABY = 'NEW_BABY',
  GET_WELL = 'GET_WELL',
  SYMPATHY = 'SYMPATHY',
  THANK_YOU = 'THANK_YOU',
  CONGRATULATIONS = 'CONGRATULATIONS',
  GRADUATION = 'GRADUATION',
  MOTHERS_DAY = 'MOTHERS_DAY',
  VALENTINES_DAY = 'VALENTINES_DAY',
  JUST_BECAUSE = 'JUST_BECAUSE',
}

registerEnumType(Occasion, { name: 'Occasion', description: 'What flowers are sent for' });
