// The declaration of dist/src/msw/browser-data.mjs, which scripts/build.js generates from
// openapi/webhooks.yaml and fixtures/tenant.yaml (see src/fetch/shipped-contract.ts).
import type { ShippedContract } from '../fetch/shipped-contract.js';

export declare const shippedContract: ShippedContract;
