import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * Upload routes read their form in the handler (no body schema, since the files are streamed to
 * disk), so the zod transform alone documents no request body for them. Describe the form, so the
 * API document says which routes take multipart/form-data (the route's description names its
 * fields) and tools driven by the document, like the fuzz test, reach them.
 */
const UPLOAD_FORM = {
  type: 'object',
  properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } },
  additionalProperties: { type: 'string' },
};

export const openApiTransform: SwaggerTransform = (input) => {
  const transformed = jsonSchemaTransform(input);
  const consumes = (input.schema as { consumes?: unknown } | undefined)?.consumes;
  if (!Array.isArray(consumes) || !consumes.includes('multipart/form-data') || transformed.schema.body) return transformed;
  return { ...transformed, schema: { ...transformed.schema, body: UPLOAD_FORM } };
};
