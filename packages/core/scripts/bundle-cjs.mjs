// One CommonJS file from a folder's transpiled modules: a CLI bin answering `--help`
// pays per file Node loads, so each import-free folder ships as one file.
// `require("./x.cjs")` between them resolves inside the bundle; anything else is Node's.

/** @param {Record<string, string>} modules "./name.cjs" -> CommonJS source; @param {string} entry */
export function bundleCjs(modules, entry) {
  const body = Object.entries(modules)
    .map(([id, code]) => `${JSON.stringify(id)}: function (exports, require, module) {\n${code}\n}`)
    .join(',\n');
  return `"use strict";
const __modules = {
${body}
};
const __cache = {};
function __require(id) {
  if (!(id in __modules)) return require(id);
  if (!__cache[id]) {
    const module = { exports: {} };
    __cache[id] = module;
    __modules[id](module.exports, __require, module);
  }
  return __cache[id].exports;
}
module.exports = __require(${JSON.stringify(entry)});
`;
}
