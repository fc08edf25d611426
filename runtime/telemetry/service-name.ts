/**
 * The default `service.name` of a process, from its entry point: `dist/router/main.js` is `router`,
 * `dist/subgraphs/catalog/main.js` is `catalog` (the names the logs and metrics use). OTEL_SERVICE_NAME wins.
 */
export function serviceNameOf(entryPoint: string | undefined): string {
  const parts = (entryPoint ?? '').split(/[\\/]/).filter(Boolean);
  const file = (parts.pop() ?? '').replace(/\.[cm]?[jt]s$/, '');
  if (file === 'main' && parts.length > 0) return parts[parts.length - 1];
  return file || 'flores-victoria';
}
