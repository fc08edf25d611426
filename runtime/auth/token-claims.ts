/** The only signature algorithm access tokens may use: an allow-list, so `none` and HMAC confusion are refused. */
export const ACCESS_TOKEN_ALGORITHMS = ['ES256'] as const;

/** The claims of an access token beyond the registered ones (iss, aud, sub, exp, iat, jti). */
export interface AccessTokenClaims {
  roles: string[];
  /** Session id: the refresh-token family the token was issued for. */
  sid?: string;
  email?: string;
}
