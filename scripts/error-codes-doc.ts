import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withErrorCodesTable } from '../runtime/errors/codes-table';

// `npm run docs:errors`: writes the README's table of error codes from runtime/errors/codes.ts.
const readmePath = join(__dirname, '..', '..', 'README.md');
writeFileSync(readmePath, withErrorCodesTable(readFileSync(readmePath, 'utf8')));
