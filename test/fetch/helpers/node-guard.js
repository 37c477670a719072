// Refuses every Node built-in from here on, as a browser has none: require() of one throws naming
// the file that asked, import of one from a file under ROOT/dist too, and the Buffer global is
// hidden from everyone but Node's own internals (its Request and Response stand for the browser's).
'use strict';
const Module = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

function refuseNode(root) {
  const builtins = new Set(Module.builtinModules);
  const load = Module._load;
  Module._load = function loadWithoutNode(request, parent, ...rest) {
    if (request.startsWith('node:') || builtins.has(request)) {
      throw new Error(`Node built-in '${request}' required by ${path.relative(root, parent?.filename ?? '?')}`);
    }
    return load.call(this, request, parent, ...rest);
  };
  const dist = pathToFileURL(path.join(root, 'dist')).href;
  const hook = `const builtins = new Set(${JSON.stringify(Module.builtinModules)});
export async function resolve(specifier, context, next) {
  if ((specifier.startsWith('node:') || builtins.has(specifier)) && (context.parentURL ?? '').startsWith(${JSON.stringify(dist)})) {
    throw new Error("Node built-in '" + specifier + "' imported by " + context.parentURL);
  }
  return next(specifier, context);
}`;
  Module.register(`data:text/javascript,${encodeURIComponent(hook)}`);
  const { Buffer } = globalThis;
  Object.defineProperty(globalThis, 'Buffer', {
    get() {
      const caller = (new Error().stack ?? '').split('\n')[2] ?? '';
      if (/\(node:internal|at node:internal/.test(caller)) return Buffer;
      throw new ReferenceError(`Buffer is not defined (used at ${caller.trim()})`);
    },
  });
}

module.exports = { refuseNode };
