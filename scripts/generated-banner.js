'use strict';
// The banner every generated file starts with; check-generated.js looks for it.
exports.banner = '// GENERATED FILE, DO NOT EDIT. Source: openapi/webhooks.yaml. Regenerate with `npm run generate`.\n';
