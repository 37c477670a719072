import path from 'node:path';
import { packageRoot } from '../contract/package-root';

/** The bundled default tenant, fixtures/tenant.yaml, found from the package root (not the cwd). */
export const defaultTenantFile = (): string => path.join(packageRoot(), 'fixtures', 'tenant.yaml');
