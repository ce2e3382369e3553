export { cliHost } from './definition.js';
export { groupMetaSchema, validateGroupMeta } from './meta-schema.js';
