export {
  loadYamlFile,
  parseYaml,
  readDataFile,
  capped,
  maxAliasCount,
  maxProblemsPerFile,
  type DataFileRules,
  type ParsedYaml,
} from './data-file';
export { describeValue, fileProblem, formatProblems, whereOf, type Checked, type DataFileProblem, type FieldPath } from './problems';
export { compileDataSchema, dataSchemaOptions, schemaProblems, validateData } from './schema';
