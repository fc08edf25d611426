export interface GraphQLResponse<TData = any> {
  data?: TData | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
  extensions?: Record<string, unknown>;
}

/** POSTs one GraphQL operation to a real HTTP endpoint, the way a client would. */
export async function graphql<TData = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData> & { status: number; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResponse<TData>;
  return { ...body, status: response.status, headers: response.headers };
}

/** The data of a response that must have succeeded; fails the test with the errors otherwise. */
export async function expectData<TData = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<TData> {
  const response = await graphql<TData>(url, query, variables, headers);
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
