import type { Answer, Catalogue } from '../contract/catalogue';
import type { ODataAnswers } from '../odata/odata-answers';
import type { TenantConfig } from '../tenant/model';

/**
 * What the fetch core needs of the contract, and the default tenant, as plain data: what
 * `scripts/build.js` generates from openapi/webhooks.yaml and fixtures/tenant.yaml into
 * dist/src/msw/browser-data.mjs, so the browser entry of `ism-webhook-contract/msw` reads no file.
 */
export interface ShippedContract {
  readonly path: string;
  readonly maxCharacters: number;
  readonly answers: readonly Answer[];
  readonly mediaTypes: readonly (readonly [number, readonly string[]])[];
  /** The OData reads' error answers. */
  readonly odata: ODataAnswers;
  /** The bundled fixtures/tenant.yaml, loaded and validated. */
  readonly tenant: TenantConfig;
}

/** The data to ship, from a loaded contract and tenant (the build calls this). */
export function shipContract(
  contract: { readonly catalogue: Catalogue; readonly maxCharacters: number; readonly odata: ODataAnswers },
  tenant: TenantConfig,
): ShippedContract {
  const { catalogue, maxCharacters, odata } = contract;
  return {
    path: catalogue.path,
    maxCharacters,
    answers: [...catalogue.answers.values()],
    mediaTypes: [...catalogue.mediaTypes.entries()],
    odata,
    tenant,
  };
}

/** The catalogue again, from the shipped data: the same answers, in the same order. */
export function catalogueOf(shipped: ShippedContract): Catalogue {
  const answers = new Map(shipped.answers.map((answer) => [answer.name, answer]));
  return {
    path: shipped.path,
    answers,
    mediaTypes: new Map(shipped.mediaTypes),
    get(name) {
      return answers.get(name) as Answer;
    },
  };
}
