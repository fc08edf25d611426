import { GraphQLError, type GraphQLErrorExtensions } from 'graphql';
import type { ErrorCode, ErrorExtensions } from './codes';

/** Apollo Server's own extension: the HTTP status and headers of the answer; it never reaches the client. */
export interface HttpExtension {
  http?: { status?: number; headers?: Map<string, string> };
}

export type ExtensionsOf<C extends ErrorCode> = ErrorExtensions[C] & HttpExtension;

// Extensions may be left out only for a code whose extensions are all optional.
type ExtensionsArgument<C extends ErrorCode> = {} extends ErrorExtensions[C] ? [extensions?: ExtensionsOf<C>] : [extensions: ExtensionsOf<C>];

/** An expected failure: typed by its code, with that code's extensions (./codes.ts); safe to show to the caller. */
export class DomainError<C extends ErrorCode = ErrorCode> extends GraphQLError {
  declare readonly extensions: GraphQLErrorExtensions & ExtensionsOf<C> & { code: C };

  constructor(
    readonly code: C,
    message: string,
    ...[extensions]: ExtensionsArgument<C>
  ) {
    super(message, { extensions: { ...extensions, code } });
  }
}

/** Whether `error` is the typed error of `code`. */
export const isDomainError = <C extends ErrorCode>(error: unknown, code: C): error is DomainError<C> => error instanceof DomainError && error.code === code;

/** The extensions a client is sent: Apollo's `http` is for the answer's status and headers, not for the body. */
export function publicExtensions<C extends ErrorCode>(error: DomainError<C>): ErrorExtensions[C] & { code: C } {
  const { http: _http, ...extensions } = error.extensions;
  return extensions as unknown as ErrorExtensions[C] & { code: C };
}
