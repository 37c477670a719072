import { odataAnswersFrom, type ODataAnswers } from '../odata/odata-answers';
import { loadCatalogue, type Catalogue } from './catalogue';
import { maxCharacters } from './limits';
import { loadSpec, type Spec } from './spec';
import { compileValidators, type Validators } from './validators';

/** Everything derived from the spec, built once at an entry point and passed down. */
export interface Contract {
  readonly spec: Spec;
  readonly catalogue: Catalogue;
  readonly validators: Validators;
  readonly maxCharacters: number;
  /** The OData reads' error answers (src/odata), from the spec's examples. */
  readonly odata: ODataAnswers;
}

export function loadContract(specPath?: string): Contract {
  const spec = loadSpec(specPath);
  return {
    spec,
    catalogue: loadCatalogue(spec),
    validators: compileValidators(spec),
    maxCharacters: maxCharacters(spec),
    odata: odataAnswersFrom(spec.document),
  };
}

export * from './catalogue';
export * from './spec';
export * from './validators';
export { maxCharacters } from './limits';
export { packageRoot, defaultSpecPath } from './package-root';
