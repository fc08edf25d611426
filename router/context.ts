import type { Logger } from '../runtime/logger';

export interface RouterContext {
  requestId: string;
  logger: Logger;
  authorization?: string;
}
