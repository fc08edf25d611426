/**
 * An event no retry can mend (not an envelope, or a payload its contract refuses): the consumer moves it to its
 * dead-letter queue at once, with this message as the reason (see redelivery.ts), instead of trying it again.
 */
export class MalformedEvent extends Error {
  override name = 'MalformedEvent';
}
