export { answerOData, isODataRequest, maxTop, type ODataRequest } from './answer-odata';
export { maxFilterDepth, maxFilterLength, parseFilter, matches, type Filter, type FilterParse } from './filter';
export { odataAnswersFrom, odataAnswerNames, type ODataAnswer, type ODataAnswers, type ODataAnswerName } from './odata-answers';
