import { describe, expect, it } from 'vitest';
import { serviceNameOf } from './service-name';

describe('serviceNameOf', () => {
  it('names a service by the folder of its main, as its logs and metrics do', () => {
    expect(serviceNameOf('/app/dist/router/main.js')).toBe('router');
    expect(serviceNameOf('/app/dist/subgraphs/catalog/main.js')).toBe('catalog');
    expect(serviceNameOf('C:\\work\\dist\\subgraphs\\orders\\main.js')).toBe('orders');
  });

  it('falls back to the file name, then to the project', () => {
    expect(serviceNameOf('/app/dist/scripts/seed.js')).toBe('seed');
    expect(serviceNameOf(undefined)).toBe('flores-victoria');
    expect(serviceNameOf('')).toBe('flores-victoria');
  });
});
